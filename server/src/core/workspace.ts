// How rules read files other than the one they lint (a sibling
// requirements-dev.txt, the project's pyproject.toml): through the workspace,
// never the disk directly, so an open editor buffer wins over the file on
// disk and the version read is recorded for the edits a fix makes there.

export interface WorkspaceFile {
  path: string;
  text: string;
  /** The editor buffer's version; null when the text came from disk. */
  version: number | null;
}

export interface Workspace {
  /** The file's text, or undefined when it does not exist or may not be read (not a regular file inside the workspace). */
  read(path: string): WorkspaceFile | undefined;
  /** Nothing at all is at this path (not even a broken link), so a fix may create a file there. */
  isAbsent(path: string): boolean;
  /** Parses another file with the language module that owns it; undefined when unreadable or owned by none. */
  parse<F>(path: string): { file: F; source: WorkspaceFile } | undefined;
}
