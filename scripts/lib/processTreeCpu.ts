import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/*
 * CPU time of this process and every process below it (the headless
 * Chromium the benchmarks drive: browser, renderer, GPU and utility
 * processes), from Linux's /proc. The engine worker runs in the renderer, so
 * Node's own process.cpuUsage() sees none of a training's work; and wall time
 * alone cannot tell a slow variant from a shared core.
 */

/** The fields of /proc/<pid>/stat a CPU total needs, times in clock ticks. */
export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime: the process's own CPU time. */
  readonly ownTicks: number;
  /** cutime + cstime: CPU time of its children that have exited and been waited for. */
  readonly reapedChildTicks: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name (field 2) is in
 * parentheses and may itself hold spaces and parentheses, so the fields are
 * counted from the last ')'.
 */
export function parseProcStat(line: string): ProcStat | null {
  const close = line.lastIndexOf(')');
  if (close < 0) return null;
  const pid = parseInt(line, 10);
  // After ')': state (3), ppid (4), …, utime (14), stime (15), cutime (16), cstime (17).
  const rest = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number) => Number(rest[n - 3]);
  const values = [pid, field(4), field(14), field(15), field(16), field(17)];
  if (!values.every(Number.isFinite)) return null;
  return { pid, ppid: field(4), ownTicks: field(14) + field(15), reapedChildTicks: field(16) + field(17) };
}

/**
 * Ticks spent by `root` and its descendants: each one's own time plus what its
 * exited children left in cutime/cstime (a renderer replaced mid-run still
 * counts once it is reaped).
 */
export function treeTicks(stats: readonly ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let ticks = 0;
  const stack = stats.filter((s) => s.pid === root);
  while (stack.length > 0) {
    const s = stack.pop()!;
    ticks += s.ownTicks + s.reapedChildTicks;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return ticks;
}

let ticksPerSecond: number | null | undefined;

function clockTicks(): number | null {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || null;
    } catch {
      ticksPerSecond = null;
    }
  }
  return ticksPerSecond;
}

/** CPU milliseconds of this process and its descendants so far; null where /proc is missing (not Linux). */
export function processTreeCpuMs(root = process.pid): number | null {
  const hz = clockTicks();
  if (hz === null) return null;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  for (const pid of pids) {
    try {
      const s = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (s) stats.push(s);
    } catch {
      // The process ended between the listing and the read: its time is in its parent's cutime once reaped.
    }
  }
  return (treeTicks(stats, root) * 1000) / hz;
}
