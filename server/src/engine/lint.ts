import { relative, sep } from 'node:path';
import { matchesAny, type StacklintConfig } from '../core/config';
import { parsePython, type Tree } from '../python/parse';
import { PythonFile } from '../python/file';
import { parseDependencyFile } from '../dependencies/files';
import { DEPENDENCY_RULES } from '../dependencies/rules/index';
import { PYTHON_RULES } from '../python/rules/index';
import { ruleById } from './registry';
import type { Rule, RuleContext } from '../core/rule';
import { applySuppressions, lineComments, pythonComments, type SourceComment } from './suppressions';
import { comparePositions } from '../core/text';
import type { FileKind, Finding, Fix, Report, Severity } from '../core/types';

const REQUIREMENTS_NAME = /^(requirements.*\.(txt|in)|.*requirements.*\.in|constraints.*\.txt|.*\.pip)$/i;

/** Which engine a path belongs to, from its name alone. */
export function fileKind(path: string): FileKind | undefined {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (/\.pyi?$/.test(name)) return 'python';
  if (name === 'pyproject.toml') return 'pyproject';
  if (REQUIREMENTS_NAME.test(name)) return 'requirements';
  if (parts[parts.length - 2] === 'requirements' && name.endsWith('.txt')) return 'requirements';
  return undefined;
}

export function relativeToRoot(path: string, config: StacklintConfig): string {
  return relative(config.root, path).split(sep).join('/');
}

export function isExcluded(path: string, config: StacklintConfig): boolean {
  return config.exclude.length > 0 && matchesAny(relativeToRoot(path, config), config.exclude);
}

export interface LintOptions {
  /** Told about a rule that threw; the rule is skipped for this file. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /**
   * For incremental re-parsing: `previous` is the last tree, already edited
   * (tree.edit) to match `text`; the new tree is left in `next`, and the
   * caller owns it (and deletes it when done).
   */
  trees?: { previous?: Tree; next?: Tree };
}

/** Lints one file's text. Never throws for bad input; a failing rule is reported and skipped. */
export function lintText(path: string, text: string, config: StacklintConfig, options: LintOptions = {}): Finding[] {
  const kind = fileKind(path);
  if (!kind) return [];
  const context: RuleContext = { config };
  const relativePath = relativeToRoot(path, config);
  const findings: Finding[] = [];
  const run = (rule: Rule, check: () => void) => {
    try {
      check();
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
    }
  };
  const reporter = (rule: Rule): Report => (finding) =>
    findings.push({ ...finding, rule: rule.meta.id, severity: config.severity[rule.meta.id] ? severityOf(rule, config) : (finding.severity ?? severityOf(rule, config)) });

  let comments: SourceComment[] = [];
  if (kind === 'python') {
    const tree = parsePython(text, options.trees?.previous);
    if (options.trees) options.trees.next = tree;
    try {
      const file = new PythonFile(path, text, tree, matchesAny(relativePath, config.tests));
      comments = pythonComments(file);
      for (const rule of PYTHON_RULES) {
        if (isActive(rule, relativePath, config)) run(rule, () => rule.check(file, reporter(rule), context));
      }
    } finally {
      if (!options.trees) tree.delete();
    }
  } else {
    const file = parseDependencyFile(path, text, kind);
    comments = lineComments(text, kind);
    for (const rule of DEPENDENCY_RULES) {
      if (isActive(rule, relativePath, config)) run(rule, () => rule.check(file, reporter(rule), context));
    }
  }
  const effectiveSeverity = (id: string) => {
    const rule = ruleById(id);
    return rule && isActive(rule, relativePath, config) ? severityOf(rule, config) : undefined;
  };
  const kept = applySuppressions(text, findings, comments, { effectiveSeverity });
  return sortFindings(text.includes('\r\n') ? kept.map(withCrlfFixes) : kept);
}

/** Fixes write their new lines with `\n`; a CRLF file gets CRLF, so line endings stay uniform. */
function withCrlfFixes(finding: Finding): Finding {
  const convert = (fix: Fix): Fix => ({
    ...fix,
    edits: fix.edits.map((edit) => (edit.file ? edit : { ...edit, newText: edit.newText.replace(/\r?\n/g, '\r\n') })),
  });
  return { ...finding, fix: finding.fix && convert(finding.fix), alternatives: finding.alternatives?.map(convert) };
}

function isActive(rule: Rule, relativePath: string, config: StacklintConfig): boolean {
  const id = rule.meta.id;
  if (config.disable.includes(id) || config.severity[id] === 'off') return false;
  for (const [glob, ids] of Object.entries(config.perFileIgnores)) {
    if ((ids.includes(id) || ids.includes('all')) && matchesAny(relativePath, [glob])) return false;
  }
  return true;
}

function severityOf(rule: Rule, config: StacklintConfig): Severity {
  const override = config.severity[rule.meta.id];
  return override && override !== 'off' ? override : rule.meta.defaultSeverity;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.rule.localeCompare(b.rule));
}
