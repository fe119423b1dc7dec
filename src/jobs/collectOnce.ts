/**
 * The one check behind every table the feature folders fill
 * (docs/architecture.md, "Feature folders"): the features' settings and
 * tasks, the worker's runners, the page's forms, the CLI's commands. Each
 * key comes from one place only; where the keys are declared elsewhere (a
 * runner for a job kind), a key no feature declares and, when every one
 * needs an entry, a key left out are startup errors too.
 */

/** How the messages name things: `item` what the tables give ("runner"), `key` what it is for ("job kind"). */
export interface CollectWords {
  readonly item: string;
  readonly key: string;
}

export interface Declared {
  readonly keys: readonly string[];
  /** Every declared key needs an entry (a runner for each kind); false: entries are optional (a canvas). */
  readonly complete: boolean;
}

/**
 * Merges `tables` (each with where it came from: a file, a feature), in
 * order. Throws, naming the places, on a key two tables give, a key outside
 * `declared`, and a declared key no table gives when it is complete.
 */
export function collectOnce<V = unknown>(
  words: CollectWords,
  tables: Iterable<readonly [from: string, table: object]>,
  declared?: Declared,
): Record<string, V> {
  const merged: Record<string, V> = {};
  const fromOf = new Map<string, string>();
  const known = declared ? new Set(declared.keys) : null;
  for (const [from, table] of tables)
    for (const [key, value] of Object.entries(table) as [string, V][]) {
      if (known && !known.has(key))
        throw new Error(`${from} has a ${words.item} for "${key}", a ${words.key} no feature declares.`);
      const before = fromOf.get(key);
      if (before !== undefined)
        throw new Error(`${capitalise(words.key)} "${key}" has two ${words.item}s: in ${before} and in ${from}.`);
      fromOf.set(key, from);
      merged[key] = value;
    }
  if (declared?.complete) {
    const missing = declared.keys.filter((key) => !fromOf.has(key));
    if (missing.length > 0)
      throw new Error(`No ${words.item} for ${words.key}${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  }
  return merged;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
