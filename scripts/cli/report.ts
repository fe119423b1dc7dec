/** What the commands print: progress on stderr, results on stdout, and the JSON reports. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AutomationResult } from '../../src/automation/automation';

/** Progress goes to stderr so stdout holds only results (paths, SIFIDs, JSON) for scripts to read. */
export const log = (line: string) => process.stderr.write(`${line}\n`);

/** Writes a command's JSON report (creating its folder) and says where. */
export function writeReport(path: string, report: unknown): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${resolve(path)}`);
}

export const mib = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/** The timings that close a still-image command's report (last, in this order, as reports have always had them). */
export function runTimings(result: AutomationResult) {
  return { elapsedMs: result.elapsedMs, perScale: result.scales, gpuPeakBytes: result.stats.gpuPeakBytes };
}
