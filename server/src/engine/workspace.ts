import { dirname } from 'node:path';
import { defaultConfig } from '../core/config';
import { readWorkspaceFile, type FileRead } from '../core/files';
import type { Workspace, WorkspaceFile } from '../core/workspace';
import { moduleFor } from './registry';

export interface WorkspaceOptions {
  /** Files may be read only inside this folder. */
  root: string;
  /** An open editor buffer for a path, which wins over the disk. */
  openFile?: (path: string) => WorkspaceFile | undefined;
  /** Told once per file that exists but may not be read. */
  onRefused?: (path: string, reason: string) => void;
  /** Told of every other file the lint looked at (undefined text: absent or unreadable), e.g. to key a cache. */
  onRead?: (path: string, text: string | undefined) => void;
}

/**
 * The workspace one lint sees. Parsed files are freed by `dispose` when the
 * lint ends, so a rule may use them only while it runs.
 */
export function createWorkspace(options: WorkspaceOptions): Workspace & { dispose(): void } {
  const disposers: (() => void)[] = [];
  // One disk read per path and lint: `read` and `isAbsent` on the same file share it.
  const disk = new Map<string, FileRead>();
  const readDisk = (path: string): FileRead => {
    let result = disk.get(path);
    if (!result) {
      disk.set(path, (result = readWorkspaceFile(path, { root: options.root })));
      if (!result.ok && !result.absent) options.onRefused?.(path, result.reason);
    }
    return result;
  };
  const read = (path: string): WorkspaceFile | undefined => {
    const open = options.openFile?.(path);
    const result = open ? undefined : readDisk(path);
    const file = open ?? (result?.ok ? { path, text: result.text, version: null } : undefined);
    options.onRead?.(path, file?.text);
    return file;
  };
  return {
    read,
    isAbsent: (path) => {
      if (options.openFile?.(path)) return false;
      const result = readDisk(path);
      return !result.ok && result.absent;
    },
    parse<F>(path: string) {
      const module = moduleFor(path);
      const source = module && read(path);
      if (!module || !source) return undefined;
      const parsed = module.parse({ path, text: source.text, config: defaultConfig(dirname(path)), isTest: false });
      disposers.push(parsed.dispose);
      return { file: parsed.file as F, source };
    },
    dispose: () => disposers.splice(0).forEach((dispose) => dispose()),
  };
}
