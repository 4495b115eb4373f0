// A pool of worker threads for linting many files: parsing dominates and
// files are independent. The CLI and the language server's Lint Workspace
// both use it, each with its own worker script (see serveTasks).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';

export type ToWorker<T> = { tasks: T[] } | { done: true };
export type FromWorker<R> = { ready: true } | { results: R[]; count: number; notices: [path: string, message: string][] };

/** Files handed out at a time: small enough to balance, large enough to keep messages rare. */
const CHUNK = 16;

/** Below this many files, starting workers (each loads the parser) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 64;

/** Workers for a run of `files` files: one per core, at most 8, or STACKLINT_WORKERS of them (0 or 1 lints in the calling thread). */
export function workerCount(files: number): number {
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  const asked = Number(process.env.STACKLINT_WORKERS || NaN);
  return Number.isInteger(asked) && asked >= 0 ? Math.min(asked, 64) : Math.min(availableParallelism(), 8);
}

/**
 * The path of a worker bundle. It sits next to the bundle that starts it;
 * the test bundles live deeper in dist/, so the folders above are tried too.
 */
export function workerScript(name: string, from = __dirname): string {
  for (let dir = from, depth = 0; depth < 4; dir = dirname(dir), depth++) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return join(from, name);
}

/** Tasks handed out in order, in chunks, to the workers and to the calling thread when it has time. */
export class TaskQueue<T> {
  private next = 0;

  constructor(private readonly tasks: readonly T[]) {}

  take(count: number): T[] {
    const chunk = this.tasks.slice(this.next, this.next + count);
    this.next += chunk.length;
    return chunk;
  }

  /** Hands out nothing more. */
  close(): void {
    this.next = this.tasks.length;
  }
}

export interface PoolOptions<S, R> {
  /** The worker bundle (see workerScript); it calls serveTasks. */
  script: string;
  /** What every worker needs besides its tasks, as workerData. */
  setup: S;
  workers: number;
  /** Results as they arrive, with how many tasks are done. */
  onResults: (results: R[], done: number) => void;
  /** A file a worker may not read, told once per run by the calling thread. */
  onNotice?: (path: string, message: string) => void;
  /** Asked whenever a chunk is done: true stops every worker and ends the run early. */
  stop?: () => boolean;
}

/**
 * Runs tasks on worker threads, one tree-sitter parser each. Work is handed
 * out in chunks as workers ask, so a few large files do not leave a core
 * idle. Resolves false when `stop` ended the run early; rejects when a
 * worker failed, after stopping the others.
 */
export async function runInWorkers<T, R, S>(queue: TaskQueue<T>, options: PoolOptions<S, R>): Promise<boolean> {
  let done = 0;
  let stopped = false;
  const all: Worker[] = [];
  // Loaded here, not at the top: a warm run answered from the cache starts no worker and need not pay for the module.
  const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
  const run = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new WorkerThread(options.script, { workerData: options.setup });
      all.push(worker);
      let told = false;
      const feed = () => {
        if (told) return;
        const chunk = queue.take(CHUNK);
        told = chunk.length === 0;
        worker.postMessage((chunk.length ? { tasks: chunk } : { done: true }) satisfies ToWorker<T>);
      };
      worker.on('message', (message: FromWorker<R>) => {
        if (stopped) return;
        if ('results' in message) {
          // Each worker reads files on its own: the calling thread reports each refused file once.
          for (const [path, text] of message.notices) options.onNotice?.(path, text);
          done += message.count;
          options.onResults(message.results, done);
        }
        if (options.stop?.()) {
          stopped = true;
          for (const other of all) void other.terminate();
          return;
        }
        feed();
        // One chunk ahead, so a worker never waits for a busy calling thread to hand out the next.
        if ('ready' in message) feed();
      });
      worker.on('error', (error) => {
        // The others stop too, so no result arrives after the caller learned of the failure.
        stopped = true;
        for (const other of all) void other.terminate();
        reject(error);
      });
      worker.on('exit', (code) => (code === 0 || stopped ? resolve() : reject(new Error(`lint worker exited with code ${code}`))));
    });
  await Promise.all(Array.from({ length: options.workers }, run));
  return !stopped;
}
