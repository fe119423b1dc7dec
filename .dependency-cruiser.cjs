/**
 * Layer rules for the studio, checked by `npm run lint:deps` (part of `npm test`):
 * - no import cycles;
 * - src/engine is pure computation, shared by the page, the engine worker, the CLIs and the Node tests: it imports
 *   only engine code (and packages);
 * - the page (src/app, src/main.tsx, src/automation) and the engine worker (src/worker) never import each other:
 *   they share src/protocol's messages and src/engine's code;
 * - src/features/<name>/ is used by other features only through its index.ts;
 * - a feature folder's command-line files (cli*.ts, run by Node) and scripts/ are never imported by the page or the
 *   worker;
 * - test code (*.test.ts(x), e2e/, and the shared test support in src/testing/) may reach across layers (a worker
 *   test may read the page's ETA, an engine test may make GIFs with a script), but nothing else imports it.
 * Type-only imports count like any other (tsPreCompilationDeps).
 */

/** Test files and test support: exempt from the layer rules, and never imported by anything else. */
const TEST_CODE = ['\\.(test|spec)\\.tsx?$', '^src/testing/', '^e2e/'];

/** A feature folder's command-line files (src/features/<name>/cli.ts and the cli*.ts beside it): Node code. */
const CLI_CODE = '^src/features/[^/]+/cli[^/]*\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles (type-only imports included) make load order matter and layers meaningless: break the ' +
        'cycle by moving the shared piece (often a type) down into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment:
        'src/engine is pure computation shared by the page, the worker, the CLIs and Node tests: it may not reach ' +
        'up into the page, the worker, the device layer (gpu, wasm), the job/protocol shapes, the test pages, ' +
        'feature folders or scripts. Move the shared piece down into engine, or pass it in (e.g. as an interface).',
      from: { path: '^src/engine/', pathNot: TEST_CODE },
      to: {
        path: [
          '^src/(app|worker|wasm|gpu|jobs|protocol|harness|automation|features)/',
          '^src/main\\.tsx$',
          '^scripts/',
        ],
      },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment:
        'Production code (everything but *.test.*, e2e/ and src/testing/) may not import test files or test ' +
        'support: they pull in Node-only and test-only modules (vitest, node:fs, scripts) and would ship them.',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'features-through-index',
      severity: 'error',
      comment:
        'A feature folder (src/features/<name>/) is used by other features only through its index.ts (and, from ' +
        'page code, its page/forms.tsx; from worker code, its worker/runners.ts); reaching into another feature’s ' +
        'files couples them. Export what is needed there.',
      from: { path: '^src/features/([^/]+)/', pathNot: TEST_CODE },
      to: {
        path: '^src/features/[^/]+/',
        pathNot: [
          '^src/features/$1/',
          '^src/features/[^/]+/index\\.tsx?$',
          '^src/features/[^/]+/page/forms\\.tsx$',
          '^src/features/[^/]+/worker/runners\\.ts$',
        ],
      },
    },
    {
      name: 'feature-core-is-shared',
      severity: 'error',
      comment:
        'A feature’s own folder level (index.ts, jobs.ts, tasks.ts, …) is read by the page, the worker and the CLI ' +
        'alike: it imports no page, worker or CLI code, and none of its feature’s page/ or worker/ halves.',
      from: { path: '^src/features/[^/]+/[^/]+\\.ts$', pathNot: [...TEST_CODE, CLI_CODE] },
      to: { path: ['^src/(app|worker|automation|harness)/', '^src/features/[^/]+/(page|worker)/'] },
    },
    {
      name: 'feature-halves-apart',
      severity: 'error',
      comment:
        'A feature’s worker half (worker/: its runners) runs only in the engine worker and its page half (page/: ' +
        'forms, editors) only in the page, as the page and the worker never import each other.',
      from: { path: ['^src/(app|automation)/', '^src/main\\.tsx$', '^src/features/[^/]+/page/'], pathNot: TEST_CODE },
      to: { path: '^src/features/[^/]+/worker/' },
    },
    {
      name: 'feature-page-half-not-in-worker',
      severity: 'error',
      comment: 'See feature-halves-apart: the worker and a feature’s worker half never load page code.',
      from: { path: ['^src/worker/', '^src/features/[^/]+/worker/'], pathNot: TEST_CODE },
      to: { path: '^src/features/[^/]+/page/' },
    },
    {
      name: 'no-cli-in-production',
      severity: 'error',
      comment:
        'A feature folder’s command-line files (cli*.ts) and scripts/ run in Node (node:fs, pngjs, Vite, ' +
        'Playwright): the page and the worker may not import them, or the bundle would pull in Node-only code. ' +
        'Move what both need into the feature’s index.ts, its jobs.ts or src/engine.',
      from: { path: '^src/', pathNot: [...TEST_CODE, CLI_CODE] },
      to: { path: [CLI_CODE, '^scripts/'] },
    },
    {
      name: 'page-not-to-worker',
      severity: 'error',
      comment:
        'The page talks to the engine worker only through messages (src/protocol) and starts it with ' +
        "new Worker(new URL('../worker/engine.worker.ts', import.meta.url)); importing worker modules " +
        'would run worker code (and its WebWorker-only globals) in the page. Move shared pure code into engine.',
      from: { path: ['^src/(app|automation)/', '^src/main\\.tsx$'], pathNot: TEST_CODE },
      to: { path: '^src/worker/' },
    },
    {
      name: 'worker-not-to-page',
      severity: 'error',
      comment:
        'The worker has no DOM and no React: it may not import the page (src/app, src/main.tsx, the test pages). ' +
        'Move shared pure code into engine, or shared shapes into protocol/jobs.',
      from: { path: '^src/worker/', pathNot: TEST_CODE },
      to: { path: ['^src/(app|automation|harness)/', '^src/main\\.tsx$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import dependency-cruiser cannot resolve is an import the layer rules cannot check. Vite virtual ' +
        'modules (virtual:…) exist only inside the bundler and are exempt; a package that fails here needs ' +
        'its resolution options below.',
      from: {},
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
  ],
  options: {
    // Dependencies are checked up to the package boundary, not inside packages.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '^bench/results/'] },
    // Type-only imports count: a type from the page in worker code is still a layer break.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve like Vite/TypeScript (package "exports" with import/types conditions), so packages that only
    // declare ESM entries resolve; `?raw`/`?url` suffixes are stripped before resolution.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
