import { isExcluded } from '../engine/lint';
import { type WalkedFile, walkFiles } from '../engine/walk';
import type { Linter } from './linter';

/** The files of the workspace folders, each once. */
export interface WorkspaceFiles {
  /** By path. */
  files: string[];
  /** Names that are not UTF-8, by their bytes: two may decode to one path. */
  rawFiles: WalkedFile[];
}

/**
 * Walks the workspace folders for a command (`what` names it in the log): a
 * folder nested in another is walked once, and a folder that cannot be read
 * (deleted while still in the workspace) is skipped with a warning.
 */
export function walkWorkspace(linter: Linter, folders: readonly string[], what: string): WorkspaceFiles {
  const walked = folders.flatMap((folder) => {
    try {
      return walkFiles(folder, (path) => isExcluded(path, linter.configs.forFile(path).config));
    } catch (error) {
      linter.log.warn(`${what}: cannot read ${folder} (${(error as NodeJS.ErrnoException).code ?? error}); skipped`);
      return [];
    }
  });
  return {
    files: [...new Set(walked.filter((file) => !file.raw).map((file) => file.path))],
    rawFiles: [...new Map(walked.filter((file) => file.raw).map((file) => [file.raw!.toString('hex'), file])).values()],
  };
}
