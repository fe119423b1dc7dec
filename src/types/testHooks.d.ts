/**
 * True in test and tool builds (`vite build --mode test`: the e2e suite, the
 * CLI and the benchmarks), false in the production build, where every branch
 * it guards is removed: fault injection, pacing, the window handle for tests.
 */
declare const __TEST_HOOKS__: boolean;
