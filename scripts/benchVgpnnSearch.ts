/**
 * VGPNN's two searches on the CPU (docs/algorithms.md, "VGPNN (space-time
 * patches)"): one sample per search and seed of the procedural moving-bar
 * video (src/engine/vgpnn/proceduralVideos.ts) at each size, with its CPU and
 * wall time, mean |Δ| to the source (0 would be a copy), and the mean distance
 * from every output 3×7×7 patch to its nearest source patch, overall and per
 * output patch frame (the quality a search can lose), and, with several
 * seeds, the mean |Δ| between the samples of consecutive seeds (diversity:
 * a search that keeps more of the source's layout scores lower). That distance is exact
 * up to --exact-metric-pairs query×key pairs; above, it is PatchMatch's with
 * --metric-rounds rounds (an upper bound, the same for both searches).
 *
 *   taskset -c 0 npx tsx scripts/benchVgpnnSearch.ts                          # 8×36×64, exact and patchmatch
 *   taskset -c 0 npx tsx scripts/benchVgpnnSearch.ts --size 13x144x256 --searches patchmatch
 *   taskset -c 0 npx tsx scripts/benchVgpnnSearch.ts --size 8x36x64 --rounds 1,2,4 --seeds 1,2
 *
 * CPU time (process.cpuUsage, one thread) is the figure to trust on a shared
 * machine; wall time is printed beside it.
 */
import { parseArgs } from 'node:util';
import { PLAIN_NN_ALPHA } from '../src/engine/patches/nearestPatches';
import { movingBarVideo } from '../src/engine/vgpnn/proceduralVideos';
import { spaceTimeGrid } from '../src/engine/vgpnn/spaceTimePatches';
import { spaceTimePatchMatch } from '../src/engine/vgpnn/spaceTimePatchMatch';
import { exactSpaceTimeSearch } from '../src/engine/vgpnn/spaceTimeSearch';
import { prepareVgpnn, sampleVgpnn } from '../src/engine/vgpnn/synthesizeVideo';
import { DEFAULT_VGPNN, exactSearchPairs, VGPNN_SEARCHES, type VgpnnSearch } from '../src/engine/vgpnn/vgpnnParams';
import { meanAbsVideoDifference, videoShape, type Video, type VideoShape } from '../src/engine/vgpnn/video';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '8x36x64' },
    searches: { type: 'string', default: 'exact,patchmatch' },
    seeds: { type: 'string', default: '1' },
    rounds: { type: 'string', default: String(DEFAULT_VGPNN.pmRounds) },
    'metric-rounds': { type: 'string', default: '16' },
    'exact-metric-pairs': { type: 'string', default: String(2e9) },
  },
});

const list = (s: string) => s.split(',').filter(Boolean);
const sizes = list(values.size).map((s) => s.split('x').map(Number) as unknown as VideoShape);
const searches = list(values.searches) as VgpnnSearch[];
if (!searches.every((s) => VGPNN_SEARCHES.includes(s))) throw new Error(`--searches: ${VGPNN_SEARCHES.join(', ')}`);
const seeds = list(values.seeds).map(Number);
const roundsList = list(values.rounds).map(Number);
const metricRounds = Number(values['metric-rounds']);
const exactMetricPairs = Number(values['exact-metric-pairs']);
const METRIC_PATCH = [3, 7, 7] as const;

/** Mean nearest-source-patch distance, overall and per output patch frame, and how it was found. */
async function nearestDistances(out: Video, source: Video): Promise<{ mean: number; perFrame: number[]; how: string }> {
  const q = spaceTimeGrid(videoShape(out), METRIC_PATCH);
  const k = spaceTimeGrid(videoShape(source), METRIC_PATCH);
  const exact = q.count * k.count <= exactMetricPairs;
  const opts = { patch: METRIC_PATCH, alpha: PLAIN_NN_ALPHA };
  const { distance } = exact
    ? await exactSpaceTimeSearch(out, source, opts)
    : await spaceTimePatchMatch(out, source, { ...opts, iterations: metricRounds, seed: 12345 });
  const perSlice = q.gridHeight * q.gridWidth;
  const perFrame = Array.from({ length: q.gridFrames }, (_, t) => {
    let s = 0;
    for (let i = t * perSlice; i < (t + 1) * perSlice; i++) s += distance[i];
    return s / perSlice;
  });
  return {
    mean: perFrame.reduce((a, b) => a + b, 0) / perFrame.length,
    perFrame,
    how: exact ? 'exact' : `PM ${metricRounds}`,
  };
}

const rows: string[] = [];
for (const shape of sizes) {
  const source = movingBarVideo(...shape);
  for (const search of searches) {
    for (const pmRounds of search === 'patchmatch' ? roundsList : [0]) {
      const params = { ...DEFAULT_VGPNN, search, pmRounds: pmRounds || DEFAULT_VGPNN.pmRounds };
      const prepared = prepareVgpnn(source, params);
      let previous: Video | null = null;
      const between: number[] = [];
      for (const seed of seeds) {
        const cpu0 = process.cpuUsage();
        const wall0 = performance.now();
        const out = await sampleVgpnn(prepared, seed);
        const cpu = process.cpuUsage(cpu0);
        const cpuS = (cpu.user + cpu.system) / 1e6;
        const wallS = (performance.now() - wall0) / 1000;
        const delta = meanAbsVideoDifference(out, source);
        if (previous) between.push(meanAbsVideoDifference(out, previous));
        previous = out;
        const nearest = await nearestDistances(out, source);
        const label = search === 'exact' ? 'exact' : `patchmatch ×${pmRounds}`;
        const row =
          `| ${shape.join('×')} | ${label} | ${seed} | ${cpuS.toFixed(1)} | ${wallS.toFixed(1)} | ` +
          `${delta.toFixed(4)} | ${nearest.mean.toFixed(4)} (${nearest.how}) | ` +
          `${Math.min(...nearest.perFrame).toFixed(4)}–${Math.max(...nearest.perFrame).toFixed(4)} |`;
        rows.push(row);
        console.log(row, `exact pairs/sample ${exactSearchPairs(prepared.plan).toExponential(2)}`);
      }
      if (between.length > 0) {
        const d = between.reduce((a, b) => a + b, 0) / between.length;
        const row = `| ${shape.join('×')} | ${search === 'exact' ? 'exact' : `patchmatch ×${pmRounds}`} | between seeds | | | ${d.toFixed(4)} | | |`;
        rows.push(row);
        console.log(row);
      }
    }
  }
}
console.log(
  '\n| frames×height×width | search | seed | CPU s | wall s | mean abs Δ to source | mean NN patch distance | per-frame range |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
