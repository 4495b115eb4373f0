import { parentPort, workerData } from 'node:worker_threads';
import { onFileNotice } from '../core/files';
import type { FromWorker, ToWorker } from './pool';

/**
 * The worker side of runInWorkers: handles the chunks of tasks the calling
 * thread sends, one task at a time (a file that breaks the parser gets a
 * fresh one before the next), until told it is done.
 */
export function serveTasks<T, R, S>(handle: (task: T, setup: S) => Promise<R>): void {
  const setup = workerData as S;
  const port = parentPort!;
  const notices: [string, string][] = [];
  onFileNotice((message, path) => notices.push([path, message]));
  const serve = async (message: ToWorker<T>) => {
    if ('done' in message) {
      port.close();
      return;
    }
    const results: R[] = [];
    for (const task of message.tasks) results.push(await handle(task, setup));
    port.postMessage({ results, count: message.tasks.length, notices: notices.splice(0) } satisfies FromWorker<R>);
  };
  // A chunk arrives while another is linted (the pool sends one ahead): they are served in turn.
  let served = Promise.resolve();
  port.on('message', (message: ToWorker<T>) => {
    served = served.then(() => serve(message));
  });
  port.postMessage({ ready: true } satisfies FromWorker<R>);
}
