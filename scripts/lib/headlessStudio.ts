/**
 * Starts the studio's automation page (automation.html) in headless Debian
 * Chromium with WebGPU, so the CLI and the benchmarks run exactly the code the
 * page runs: same worker, same protocol, same WGSL.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import type {
  AutomationEvent,
  AutomationWindow,
  AutomationModelAction,
  AutomationModelsResult,
  AutomationResult,
  ExportSpec,
} from '../../src/automation/automation';
import type { BackendChoice, BackendInfo } from '../../src/protocol/messages';
import type { JobOptions } from '../../src/protocol/jobs';
import type { JobSpec } from '../../src/features';
import type { ImageSlot } from '../../src/protocol/images';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

/** Headless tabs get no vsync; without this, WebGPU work can be throttled like a background tab's. */
const ARGS = [...CHROMIUM_ARGS, '--disable-background-timer-throttling'];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LoadedImage {
  original: { height: number; width: number };
  working: { height: number; width: number };
  rgba: Buffer;
  /** Frames the engine uses: 1 for a still, 2–32 for an animation. */
  frames: number;
  /** What the user should know about how the file was read (e.g. frames left out). */
  notice?: string;
}

export interface HeadlessStudio {
  readonly backend: BackendInfo;
  readonly page: Page;
  /** Opens another page of the same build (e.g. harness.html) in the same browser. */
  openPage(path: string): Promise<Page>;
  load(slot: ImageSlot, bytes: Uint8Array, name: string, workingMaxSide: number): Promise<LoadedImage>;
  run(job: JobSpec, options?: JobOptions): Promise<AutomationResult>;
  /** Encodes an earlier run's outputs (kept in the page) into a GIF or PNG zip; the file comes back in `files`. */
  exportFrames(fromJobId: number, spec: ExportSpec): Promise<AutomationResult>;
  /** SIFID of each fake file against the real file, computed in the engine worker. */
  sifid(real: Uint8Array, fakes: Uint8Array[]): Promise<AutomationResult>;
  /** Stored SinGAN models (in the headless browser's IndexedDB, gone when it closes): list, delete, export, import. */
  models(action: ModelRequest): Promise<ModelsReply>;
  /** Calls `listener` with what jobs stream while they run (progress, scales, metrics, saved models); returns the unsubscribe. */
  onEvent(listener: (event: AutomationEvent) => void): () => void;
  close(): Promise<void>;
}

/** As the worker's ModelAction, with an imported file as bytes. */
export type ModelRequest =
  | Exclude<AutomationModelAction, { readonly kind: 'import' }>
  | { readonly kind: 'import'; readonly bytes: Uint8Array; readonly name: string };

export interface ModelsReply extends Omit<AutomationModelsResult, 'file'> {
  file?: { name: string; bytes: Buffer };
}

export interface HeadlessOptions {
  readonly backend?: BackendChoice;
  /** WebAssembly threads (`?threads=`); absent: the studio's automatic choice. */
  readonly wasmThreads?: number;
  readonly log?: (line: string) => void;
}

/**
 * Test hooks for the jobs of a whole CLI run, from the environment: the e2e
 * tests make a job stall the worker (STUDIO_TEST_JOB_OPTIONS='{"stallMs":12000}')
 * to prove a busy engine is waited for. The build is a test build, so the worker honours them.
 */
function testJobOptions(): JobOptions | undefined {
  const raw = process.env.STUDIO_TEST_JOB_OPTIONS;
  return raw ? (JSON.parse(raw) as JobOptions) : undefined;
}

export async function startHeadlessStudio(opts: HeadlessOptions = {}): Promise<HeadlessStudio> {
  const log = opts.log ?? (() => {});
  // The e2e suite hands its own fresh test build to the CLIs it spawns, instead of a build per run.
  const prebuilt = process.env.STUDIO_PREBUILT_DIST;
  // Otherwise a private build per process, so a CLI run and a benchmark never rebuild under each other.
  const outDir = prebuilt ? resolve(prebuilt) : mkdtempSync(join(tmpdir(), 'studio-headless-'));
  const removeBuild = () => {
    if (!prebuilt) rmSync(outDir, { recursive: true, force: true });
  };
  if (prebuilt) {
    if (!existsSync(join(outDir, 'automation.html')))
      throw new Error(`STUDIO_PREBUILT_DIST=${prebuilt} is not a test build (no automation.html)`);
  } else {
    log('building the studio…');
    // A test build: the automation and harness pages exist only there.
    await build({ root: ROOT, mode: 'test', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, strictPort: false, open: false },
  });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('The preview server did not report a URL');
  const executablePath = CHROMIUM_PATH;
  if (!existsSync(executablePath))
    throw new Error(`${executablePath} is missing: install Debian's chromium (apt-get install -y chromium)`);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath, args: ARGS });
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    const listeners = new Set<(event: AutomationEvent) => void>();
    // Installed before the page loads, so automation.ts finds it from the first message.
    await page.exposeFunction('__automationEvent', (event: AutomationEvent) => {
      for (const l of listeners) l(event);
    });
    await page.goto(
      `${base}automation.html?backend=${opts.backend ?? 'auto'}${opts.wasmThreads ? `&threads=${opts.wasmThreads}` : ''}`,
    );
    const backend = await page.evaluate(() => (globalThis as AutomationWindow).__automation.ready());
    log(
      `engine ready: ${backend.kind === 'webgpu' ? `WebGPU on ${backend.adapter}` : `${backend.adapter} (${backend.fallbackReason})`}`,
    );
    const b = browser;
    return {
      backend,
      page,
      async openPage(path) {
        const other = await b.newPage();
        other.on('pageerror', (e) => log(`page error: ${e.message}`));
        await other.goto(`${base}${path}`);
        return other;
      },
      async load(slot, bytes, name, workingMaxSide) {
        const r = await page.evaluate(
          ([s, b64, n, m]) => (globalThis as AutomationWindow).__automation.load(s, b64, n, m),
          [slot, Buffer.from(bytes).toString('base64'), name, workingMaxSide] as const,
        );
        return {
          original: r.original,
          working: r.working,
          rgba: Buffer.from(r.rgba, 'base64'),
          frames: r.frames,
          ...(r.notice ? { notice: r.notice } : {}),
        };
      },
      sifid: (real, fakes) =>
        page.evaluate(([r, f]) => (globalThis as AutomationWindow).__automation.sifid(r, f), [
          Buffer.from(real).toString('base64'),
          fakes.map((x) => Buffer.from(x).toString('base64')),
        ] as const),
      async models(action) {
        const sent: AutomationModelAction =
          action.kind === 'import'
            ? { kind: 'import', name: action.name, base64: Buffer.from(action.bytes).toString('base64') }
            : action;
        const r = await page.evaluate((a) => (globalThis as AutomationWindow).__automation.models(a), sent);
        return {
          models: r.models,
          error: r.error,
          file: r.file ? { name: r.file.name, bytes: Buffer.from(r.file.base64, 'base64') } : undefined,
        };
      },
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      run: (job, options = testJobOptions()) =>
        page.evaluate(([j, o]) => (globalThis as AutomationWindow).__automation.run(j, o), [job, options] as const),
      exportFrames: (fromJobId, spec) =>
        page.evaluate(([id, s]) => (globalThis as AutomationWindow).__automation.exportFrames(id, s), [
          fromJobId,
          spec,
        ] as const),
      async close() {
        await b.close();
        await server.close();
        removeBuild();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.close();
    removeBuild();
    throw err;
  }
}
