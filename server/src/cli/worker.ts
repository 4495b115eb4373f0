import { parentPort, workerData } from 'node:worker_threads';
import { ConfigCache } from '../config/load';
import { onFileNotice } from '../core/files';
import { initPythonParser } from '../python/parse';
import { type FileResult, lintFile } from './lintFile';
import type { FromWorker, ToWorker, WorkerSetup } from './pool';

// A CLI worker: lints the chunks of files the main thread sends until told it is done.
const setup = workerData as WorkerSetup;
const configs = new ConfigCache(setup.fallbackRoot, setup.explicit);
const port = parentPort!;
const notices: [string, string][] = [];
onFileNotice((message, path) => notices.push([path, message]));

void initPythonParser().then(() => {
  port.on('message', async (message: ToWorker) => {
    if ('done' in message) {
      port.close();
      return;
    }
    const results: FileResult[] = [];
    // One file at a time: a file that breaks the parser gets a fresh one before the next.
    for (const task of message.tasks) results.push(await lintFile(task, configs, setup.fix));
    port.postMessage({ results, count: message.tasks.length, notices: notices.splice(0) } satisfies FromWorker);
  });
  port.postMessage({ ready: true } satisfies FromWorker);
});
