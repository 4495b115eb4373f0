// The engine's vocabulary: positions are 0-based lines and UTF-16 columns,
// as in LSP, so findings travel to the editor unchanged. The CLI converts
// to 1-based code points at its edge.

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
/** What a configured severity may be: a severity, or `off` for a disabled rule. */
export const SEVERITY_SETTINGS: readonly (Severity | 'off')[] = [...SEVERITIES, 'off'];

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One text replacement. `file` names another file (absolute path) for cross-file fixes. */
export interface Edit {
  range: Range;
  newText: string;
  file?: string;
  /** The other file does not exist yet and is created with `newText`. */
  createFile?: boolean;
  /** The editor version of the other file's text this edit was computed from (null: read from disk). */
  fileVersion?: number | null;
}

export interface Fix {
  title: string;
  /** A safe fix keeps behaviour; only safe fixes are preferred in the editor. */
  safe: boolean;
  edits: Edit[];
}

export interface RelatedInfo {
  range: Range;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  fix?: Fix;
  /** Extra fixes offered beside the main one (e.g. "approve this deviation"). */
  alternatives?: Fix[];
  related?: RelatedInfo[];
  /** Mark unused code (LSP DiagnosticTag.Unnecessary). */
  unnecessary?: boolean;
}

/**
 * What a rule hands to `report`: the engine fills in rule id and severity. A
 * rule whose catalog entry gives two severities (off-stack-dependency) passes
 * its own; a configured severity override still wins.
 */
export type Report = (finding: Omit<Finding, 'rule' | 'severity'> & { severity?: Severity }) => void;

/** The kind of a language module ('python', 'requirements', 'pyproject', 'dockerfile', ...). */
export type FileKind = string;

export interface RuleMeta {
  id: string;
  /** The family of files the rule checks: 'python', 'dependencies' (requirements and pyproject), 'dockerfile'. */
  kind: string;
  defaultSeverity: Severity;
  /** Ruff (or flake8) codes that mean the same thing, for `# noqa: CODE`. */
  ruff: string[];
  fixable: boolean;
  /** One line for the rule table. */
  summary: string;
  /** The TECH_STACK.md sections the rule enforces. */
  sections: string[];
}

export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

export const DOCS_BASE_URL = 'https://github.com/stacklint/stacklint/blob/main/';

export function docsUrl(ruleId: string): string {
  return DOCS_BASE_URL + docsPath(ruleId);
}
