// A Lint Workspace worker: lints closed files from disk as the server's
// thread would. Open documents stay with the server: a file whose lint reads
// one comes back marked, and the server lints it again with the buffer.
import { serveTasks } from '../engine/poolWorker';
import { EditorBaseline } from './baseline';
import { type ClosedFileEnv, type ClosedFileResult, type ClosedFileTask, lintClosedFile } from './closedFile';
import { FolderConfigs } from './linter';
import { isInside } from '../core/files';

/** What a worker needs to build the configurations the server's thread has. */
export interface WorkspaceWorkerSetup {
  folders: string[];
  /** `stacklint.configuration` per folder, resolved. */
  explicit: [folder: string, path: string][];
  /** The text of open configuration and policy files (unsaved edits apply). */
  configTexts: [path: string, text: string][];
  /** Every open document's path. */
  open: string[];
  hash: boolean;
}

let env: ClosedFileEnv | undefined;
let openRead = false;
const logged: string[] = [];

function environment(setup: WorkspaceWorkerSetup): ClosedFileEnv {
  const texts = new Map(setup.configTexts);
  const open = new Set(setup.open);
  const configs = new FolderConfigs(() => setup.folders, (path) => texts.get(path));
  for (const [folder, path] of setup.explicit) configs.explicit.set(folder, path);
  return {
    configs,
    baseline: new EditorBaseline(() => setup.folders, (message) => logged.push(message)),
    rootFor: (path) => setup.folders.filter((folder) => isInside(folder, path)).sort((a, b) => b.length - a.length)[0],
    openFile: (path) => {
      if (open.has(path)) openRead = true;
      return undefined;
    },
    hash: setup.hash,
  };
}

serveTasks<ClosedFileTask, ClosedFileResult, WorkspaceWorkerSetup>(async (task, setup) => {
  env ??= environment(setup);
  openRead = false;
  const result = await lintClosedFile(task, env);
  result.warnings.push(...logged.splice(0));
  return openRead ? { task, warnings: [], failures: [], needsBuffers: true } : result;
});
