import { ConfigCache } from '../config/load';
import { serveTasks } from '../engine/poolWorker';
import { type FileResult, type FileTask, type FixOptions, lintFile } from './lintFile';

/** What a CLI worker needs to build the same configuration as the main thread. */
export interface WorkerSetup {
  fallbackRoot: string;
  explicit?: string;
  fix: FixOptions;
}

// A CLI worker: lints the files the main thread sends (lintFile loads the parser on the first miss).
let configs: ConfigCache | undefined;
serveTasks<FileTask, FileResult, WorkerSetup>((task, setup) => lintFile(task, (configs ??= new ConfigCache(setup.fallbackRoot, setup.explicit)), setup.fix));
