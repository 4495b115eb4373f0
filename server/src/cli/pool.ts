import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileNotice } from '../core/files';
import type { FileResult, FileTask, FixOptions } from './lintFile';

/** What a worker needs to build the same configuration as the main thread. */
export interface WorkerSetup {
  fallbackRoot: string;
  explicit?: string;
  fix: FixOptions;
}

export type ToWorker = { tasks: FileTask[] } | { done: true };
export type FromWorker = { ready: true } | { results: FileResult[]; count: number; notices: [path: string, message: string][] };

/** Files handed out at a time: small enough to balance, large enough to keep messages rare. */
const CHUNK = 16;

/** Below this many files, starting workers (each loads the parser) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 64;

export function workerCount(files: number): number {
  return files < MIN_FILES_FOR_WORKERS ? 0 : Math.min(availableParallelism(), 8);
}

/**
 * Lints files on worker threads, one tree-sitter parser each; parsing
 * dominates and files are independent. Work is handed out in chunks as
 * workers ask, so a few large files do not leave a core idle.
 */
export async function lintInWorkers(tasks: FileTask[], setup: WorkerSetup, workers: number, onProgress: (done: number) => void): Promise<FileResult[]> {
  const results: FileResult[] = [];
  let next = 0;
  let done = 0;
  const run = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'cli-worker.js'), { workerData: setup });
      const feed = () => {
        const chunk = tasks.slice(next, next + CHUNK);
        next += chunk.length;
        worker.postMessage((chunk.length ? { tasks: chunk } : { done: true }) satisfies ToWorker);
      };
      worker.on('message', (message: FromWorker) => {
        if ('results' in message) {
          results.push(...message.results);
          // Each worker reads files on its own: the main thread reports each refused file once.
          for (const [path, text] of message.notices) fileNotice(path, text);
          done += message.count;
          onProgress(done);
        }
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lint worker exited with code ${code}`))));
    });
  await Promise.all(Array.from({ length: workers }, run));
  return results;
}
