// What the client and the server say to each other beyond LSP itself. The
// client imports this file too (it carries no code either side lacks), so a
// renamed request or a changed result cannot drift apart.

/**
 * How the VS Code client starts the server, which the benchmarks repeat.
 * glibc keeps memory freed by a large document in per-thread arenas and
 * below a trim threshold it raises by itself; the environment lets the
 * server hand it back once the document is closed (Linux; ignored
 * elsewhere; scripts/server-memory.js uses the same values). V8 grows the
 * young generation to 16 MB a half while a user types; capped at 8 MB, the
 * server's resident memory after a workspace lint of the stdlib with 200
 * files open was 112-151 MB against 135-156 MB (four runs each), with the
 * same edit latency within run-to-run noise.
 */
export const SERVER_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' };
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'];

/** Lints every file of the workspace folders; answers a LintWorkspaceResult. */
export const LINT_WORKSPACE_REQUEST = 'stacklint/lintWorkspace';
/** Progress of a workspace lint: ProgressParams. */
export const PROGRESS_NOTIFICATION = 'stacklint/progress';
/** Applies every fix to a document (arguments: uri, version). */
export const APPLY_ALL_FIXES_COMMAND = 'stacklint.applyAllFixes';
/** Opens a rule's documentation (argument: rule id); a client command. */
export const SHOW_DOCUMENTATION_COMMAND = 'stacklint.showDocumentation';
/** Opens the standard's Markdown preview at a heading (arguments: path, anchor, line); a client command, linked from hovers. */
export const OPEN_STANDARD_COMMAND = 'stacklint.openStandard';

/** Applies every safe fix in every file of the workspace folders; answers a FixWorkspaceResult. */
export const FIX_WORKSPACE_COMMAND = 'stacklint.applySafeFixesInWorkspace';
/** The cursor's line in a dependency file, whenever it moves to another line: CursorLineParams. */
export const CURSOR_LINE_NOTIFICATION = 'stacklint/cursorLine';

/** The documents VS Code shows: with pull diagnostics it asks for those itself, the server pushes the rest. */
export interface LintWorkspaceParams {
  visible?: string[];
  /** False in a workspace the user has not trusted: its .stacklint_cache is neither read nor written. */
  trusted?: boolean;
}

export interface FixWorkspaceResult {
  files: number;
  fixed: number;
}

export interface CursorLineParams {
  uri: string;
  line: number;
}

/** What `stacklint/lintWorkspace` answers; `files` counts the files done when cancelled. */
export interface LintWorkspaceResult {
  files: number;
  problems: number;
  cancelled: boolean;
}

export interface ProgressParams {
  done: number;
  total: number;
}
