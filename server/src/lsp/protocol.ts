// What the client and the server say to each other beyond LSP itself. The
// client imports this file too (it carries no code either side lacks), so a
// renamed request or a changed result cannot drift apart.

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
