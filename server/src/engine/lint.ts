import { relative, sep } from 'node:path';
import { matchesAny, type StacklintConfig } from '../core/config';
import type { CommentLine, SourceComment } from '../core/comments';
import type { Rule, RuleContext } from '../core/rule';
import { comparePositions, lineBreakOf, LineIndex } from '../core/text';
import type { Finding, Fix, Position, Report, Severity } from '../core/types';
import type { Workspace, WorkspaceFile } from '../core/workspace';
import fileNotLinted from './file-not-linted';
import { moduleFor, ruleById } from './registry';
import { noteParserTrap, ParseFailure } from '../python/parse';
import { applySuppressions } from './suppressions';
import { planLint, type LintMemory } from './incremental';
import { createWorkspace } from './workspace';

export { fileKind } from './registry';

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
  trees?: { previous?: unknown; next?: unknown };
  /** The editor's language id, for buffers whose name does not say what they are. */
  languageId?: string;
  /** Open editor buffers, which win over the disk when a rule reads another file. */
  openFile?: (path: string) => WorkspaceFile | undefined;
  /** Files may be read only inside this folder (default: the configuration's root). */
  root?: string;
  /** Told about another file that exists but may not be read. */
  onRefusedFile?: (path: string, reason: string) => void;
  /** Told of every other file a rule read, so a cache can key on it. */
  onRead?: (path: string, text: string | undefined) => void;
  /** Told when the parser gave up on the file (too deep, too slow, crashed), also when file-not-linted is off. */
  onParseFailure?: (failure: ParseFailure) => void;
  /**
   * For incremental linting (with `trees`): `previous` is what the lint of
   * the document's previous version left; this lint leaves its own in `next`.
   */
  memory?: { previous?: LintMemory; next?: LintMemory; /** Set by the lint: statement-local findings outside the edit were kept. */ reused?: boolean };
}

/** Lints one file's text. Never throws for bad input; a failing rule is reported and skipped. */
export function lintText(path: string, text: string, config: StacklintConfig, options: LintOptions = {}): Finding[] {
  const module = moduleFor(path, options.languageId);
  if (!module) return [];
  const relativePath = relativeToRoot(path, config);
  const workspace = createWorkspace({ root: options.root ?? config.root, openFile: options.openFile, onRefused: options.onRefusedFile, onRead: options.onRead });
  const findings: Finding[] = [];
  let comments: SourceComment[] = [];
  let commentLine: CommentLine | undefined;
  let parsed: ReturnType<typeof module.parse>;
  try {
    parsed = module.parse({ path, text, config, isTest: matchesAny(relativePath, config.tests), trees: options.trees });
  } catch (error) {
    workspace.dispose();
    if (!(error instanceof ParseFailure)) throw error;
    options.onParseFailure?.(error);
    return isActive(fileNotLinted, relativePath, config) ? [notLinted(text, error, severityOf(fileNotLinted, config))] : [];
  }
  try {
    comments = parsed.comments;
    // Only a file with suppression comments needs to know where they may stand (a walk of the tree).
    if (comments.some((comment) => /stacklint|noqa/i.test(comment.text))) commentLine = parsed.commentLines?.();
    const memory = options.memory;
    const plan = memory && parsed.incremental ? planLint(parsed.incremental, text, parsed.incremental.lineCount, memoryKey(path, relativePath, config, options), memory.previous) : undefined;
    let failed = false;
    const guarded: LintOptions = { ...options, onRuleError: (id, error) => ((failed = true), options.onRuleError?.(id, error)) };
    if (plan?.kind === 'incremental') {
      // Statement-local rules check only the edited statements; the others read the whole file as always.
      parsed.incremental!.checkOnly(plan.ranges);
      runRules(module.rules.filter((rule) => rule.statementLocal), parsed.file, { config, workspace }, relativePath, findings, guarded);
      parsed.incremental!.checkOnly(undefined);
      runRules(module.rules.filter((rule) => !rule.statementLocal), parsed.file, { config, workspace }, relativePath, findings, guarded);
    } else {
      runRules(module.rules, parsed.file, { config, workspace }, relativePath, findings, guarded);
    }
    if (module.completeFix) completeFixes(findings, (fix) => module.completeFix!(parsed.file, fix), guarded);
    dropBrokenFixes(findings);
    if (memory && plan) {
      const local = new Set(module.rules.filter((rule) => rule.statementLocal).map((rule) => rule.meta.id));
      // After a rule failed, the next lint starts over rather than keep what it missed.
      memory.next = failed ? undefined : plan.remember(findings.filter((finding) => local.has(finding.rule)));
      memory.reused = plan.kind === 'incremental';
      if (plan.kind === 'incremental') findings.push(...plan.kept);
    }
  } finally {
    parsed.dispose();
    workspace.dispose();
  }
  const effectiveSeverity = (id: string) => {
    const rule = ruleById(id);
    return rule && isActive(rule, relativePath, config) ? severityOf(rule, config) : undefined;
  };
  // Suppressions run after every rule, so unused-suppression can judge them all.
  const kept = applySuppressions(text, findings, comments, { effectiveSeverity, commentLine });
  const newline = lineBreakOf(text);
  const bom = text.startsWith('\ufeff');
  return sortFindings(newline === '\n' && !bom ? kept : kept.map((finding) => fittedToText(finding, newline, bom)));
}

/** Memory of another path, configuration or language is not reused. */
function memoryKey(path: string, relativePath: string, config: StacklintConfig, options: LintOptions): string {
  // A policy holds maps JSON cannot show: each policy object loaded counts as another policy.
  return JSON.stringify([path, relativePath, options.languageId ?? '', { ...config, policy: config.policy && policyNumber(config.policy) }]);
}

const policyNumbers = new WeakMap<object, number>();
let policiesSeen = 0;

function policyNumber(policy: object): number {
  let number = policyNumbers.get(policy);
  if (number === undefined) policyNumbers.set(policy, (number = ++policiesSeen));
  return number;
}

/**
 * A fix whose edits overlap cannot be applied (nor meant anything sure): the
 * finding stays, without that fix, rather than failing the whole fix pass.
 */
function dropBrokenFixes(findings: Finding[]): void {
  for (const finding of findings) {
    if (finding.fix && overlaps(finding.fix)) finding.fix = undefined;
    if (finding.alternatives) finding.alternatives = finding.alternatives.filter((fix) => !overlaps(fix));
  }
}

function overlaps(fix: Fix): boolean {
  const local = fix.edits.filter((edit) => edit.file === undefined).sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  return local.some((edit, i) => i > 0 && comparePositions(edit.range.start, local[i - 1].range.end) < 0);
}

/**
 * Lets the language module complete each fix (in place), or withdraw one it
 * cannot complete safely; a failure keeps the rule's own fix and is reported
 * as that rule's.
 */
function completeFixes(findings: Finding[], complete: (fix: Fix) => Fix | undefined, options: LintOptions): void {
  for (const finding of findings) {
    try {
      if (finding.fix) {
        const fix = complete(finding.fix);
        if (fix) finding.fix = fix;
        else delete finding.fix;
      }
      if (finding.alternatives) finding.alternatives = finding.alternatives.map(complete).filter((fix): fix is Fix => fix !== undefined);
    } catch (error) {
      options.onRuleError?.(finding.rule, error);
    }
  }
}

function runRules<F>(rules: readonly Rule<F>[], file: F, context: RuleContext, relativePath: string, findings: Finding[], options: LintOptions): void {
  const { config } = context;
  for (const rule of rules) {
    if (!isActive(rule, relativePath, config)) continue;
    const report: Report = (finding) =>
      findings.push({ ...finding, rule: rule.meta.id, severity: config.severity[rule.meta.id] ? severityOf(rule, config) : (finding.severity ?? severityOf(rule, config)) });
    try {
      rule.check(file, report, context);
    } catch (error) {
      // A trap in the parser's WebAssembly leaves it unusable: the file is linted again on a fresh one.
      noteParserTrap(error);
      options.onRuleError?.(rule.meta.id, error);
    }
  }
}

/** The finding for a file the parser could not take: a file that is not linted must not look clean. */
export const FILE_NOT_LINTED = fileNotLinted.meta.id;

function notLinted(text: string, failure: ParseFailure, severity: Severity): Finding {
  const lines = new LineIndex(text);
  const line = Math.min(failure.line, lines.lineCount - 1);
  const range = { start: { line, character: 0 }, end: { line, character: lines.lineText(line).length } };
  return { rule: FILE_NOT_LINTED, severity, message: `${failure.message}; no rule checked this file`, range };
}

/**
 * A finding's fixes as the text needs them: new lines (written with `\n`) in
 * its line breaks, so line endings stay uniform, and
 * nothing put or taken before a leading byte-order mark (Python accepts one
 * only as the very first character; an edit at the file's start goes after it).
 */
function fittedToText(finding: Finding, newline: string, bom: boolean): Finding {
  const afterBom = (position: Position): Position => (bom && position.line === 0 && position.character === 0 ? { line: 0, character: 1 } : position);
  const convert = (fix: Fix): Fix => ({
    ...fix,
    edits: fix.edits.map((edit) =>
      edit.file ? edit : { ...edit, range: { start: afterBom(edit.range.start), end: afterBom(edit.range.end) }, newText: newline === '\n' ? edit.newText : edit.newText.replace(/\r?\n/g, newline) },
    ),
  });
  return { ...finding, fix: finding.fix && convert(finding.fix), alternatives: finding.alternatives?.map(convert) };
}

function isActive(rule: Rule<never>, relativePath: string, config: StacklintConfig): boolean {
  const id = rule.meta.id;
  if (config.disable.includes(id) || config.severity[id] === 'off') return false;
  for (const [glob, ids] of Object.entries(config.perFileIgnores)) {
    if ((ids.includes(id) || ids.includes('all')) && matchesAny(relativePath, [glob])) return false;
  }
  return true;
}

function severityOf(rule: Rule<never>, config: StacklintConfig): Severity {
  const override = config.severity[rule.meta.id];
  return override && override !== 'off' ? override : rule.meta.defaultSeverity;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.rule.localeCompare(b.rule));
}

export type { Workspace };
