/**
 * A run's records.jsonl: the benchmarks append one JSON line per finished
 * item, so an interrupted run keeps its work and a rerun reads what is done.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Every record of a JSON-lines file, in order; none when the file does not exist yet. */
export function readJsonLines<T>(path: string): T[] {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as T)
    : [];
}
