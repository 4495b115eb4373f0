import { parentPort, workerData } from 'node:worker_threads';
import { ConfigCache } from '../config/load';
import { initPythonParser } from '../python/parse';
import { lintFile } from './lintFile';
import type { FromWorker, ToWorker, WorkerSetup } from './pool';

// A CLI worker: lints the chunks of files the main thread sends until told it is done.
const setup = workerData as WorkerSetup;
const configs = new ConfigCache(setup.fallbackRoot, setup.explicit);
const port = parentPort!;

void initPythonParser().then(() => {
  port.on('message', (message: ToWorker) => {
    if ('done' in message) {
      port.close();
      return;
    }
    const results = message.tasks.flatMap((task) => lintFile(task, configs, setup.fix));
    port.postMessage({ results, count: message.tasks.length } satisfies FromWorker);
  });
  port.postMessage({ ready: true } satisfies FromWorker);
});
