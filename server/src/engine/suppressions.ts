import type { PythonFile } from '../python/file';
import { ruleById } from './registry';
import { unusedSuppressionFinding, type UnusedDirective } from './unused-suppression';
import { LineIndex } from '../core/text';
import type { FileKind, Finding, Position, Range, Severity } from '../core/types';

/** One comment of the linted file, on one line. */
export interface SourceComment {
  text: string;
  start: Position;
  /** Before the first statement (Python: after the docstring) or the first requirement. */
  leading: boolean;
}

/** A suppression written in a comment. `ids` undefined means every rule. */
export interface Directive {
  kind: 'line' | 'file' | 'noqa';
  comment: SourceComment;
  line: number;
  /** Offsets in the comment: the directive from its `#`, and the list of ids or codes. */
  start: number;
  end: number;
  ids?: { id: string; start: number; end: number }[];
  list?: { start: number; end: number };
}

const STACKLINT = /#\s*stacklint:\s*(disable-file|disable)\b(?:\s*=\s*([a-z0-9_-]+(?:[ \t]*,[ \t]*[a-z0-9_-]+)*))?/gi;
const NOQA = /#\s*noqa\b(?::\s*([a-z]+[0-9]+(?:[\s,]+[a-z]+[0-9]+)*))?/gi;
const ITEM = /[a-z0-9_-]+/gi;

/** The suppression directives in one comment (a comment may hold several, e.g. `# noqa: E501  # stacklint: disable`). */
export function parseDirectives(comment: SourceComment): Directive[] {
  const directives: Directive[] = [];
  const line = comment.start.line;
  const items = (list: string, offset: number) =>
    [...list.matchAll(ITEM)].map((m) => ({ id: m[0], start: offset + (m.index ?? 0), end: offset + (m.index ?? 0) + m[0].length }));
  for (const match of comment.text.matchAll(STACKLINT)) {
    const start = match.index ?? 0;
    const kind = match[1].toLowerCase() === 'disable-file' ? 'file' : 'line';
    const listStart = match[2] === undefined ? undefined : start + match[0].length - match[2].length;
    directives.push({
      kind, comment, line, start, end: start + match[0].length,
      ids: listStart === undefined ? undefined : items(match[2], listStart),
      list: listStart === undefined ? undefined : { start: listStart, end: listStart + match[2].length },
    });
  }
  for (const match of comment.text.matchAll(NOQA)) {
    const start = match.index ?? 0;
    const codes = match[1] === undefined ? undefined : items(match[1], start + match[0].length - match[1].length);
    directives.push({ kind: 'noqa', comment, line, start, end: start + match[0].length, ids: codes?.map((c) => ({ ...c, id: c.id.toUpperCase() })) });
  }
  return directives;
}

export interface SuppressionOptions {
  /** The severity a rule reports with in this file, or undefined when it is disabled or ignored here. */
  effectiveSeverity(ruleId: string): Severity | undefined;
}

/** True when a `# noqa: CODE` names one of the rule's Ruff equivalents. */
function noqaCovers(codes: readonly string[], ruleId: string): boolean {
  const ruff = ruleById(ruleId)?.meta.ruff.map((code) => /^[A-Z]+[0-9]+/.exec(code.toUpperCase())?.[0]) ?? [];
  return codes.some((code) => ruff.includes(code));
}

function covers(directive: Directive, ruleId: string): boolean {
  if (!directive.ids) return true;
  if (directive.kind === 'noqa') return noqaCovers(directive.ids.map((i) => i.id), ruleId);
  return directive.ids.some((item) => item.id === ruleId);
}

/**
 * Drops findings silenced by suppression comments and reports the
 * `# stacklint:` comments that silenced nothing (rule `unused-suppression`).
 * `# noqa` comments are shared with Ruff and flake8, so only Ruff's RUF100
 * judges whether they are used.
 */
export function applySuppressions(text: string, findings: Finding[], comments: readonly SourceComment[], options: SuppressionOptions): Finding[] {
  const directives = comments.flatMap(parseDirectives);
  if (directives.length === 0) return findings;
  const fileWide = directives.filter((d) => d.kind === 'file' && d.comment.leading);
  const byLine = new Map<number, Directive[]>();
  for (const directive of directives) {
    if (directive.kind === 'file') continue;
    byLine.set(directive.line, [...(byLine.get(directive.line) ?? []), directive]);
  }
  const used = new Map<Directive, Set<string>>();
  const use = (directive: Directive, ruleId: string) => used.set(directive, (used.get(directive) ?? new Set()).add(ruleId));

  const kept = findings.filter((finding) => {
    const matching = [...fileWide, ...(byLine.get(finding.range.start.line) ?? [])].filter((d) => covers(d, finding.rule));
    matching.forEach((directive) => use(directive, finding.rule));
    return matching.length === 0;
  });

  const unusedSeverity = options.effectiveSeverity('unused-suppression');
  if (!unusedSeverity) return kept;
  const lines = new LineIndex(text);
  // `disable-file=unused-suppression` is the one way to keep unused comments on purpose.
  const silencers = fileWide.filter((d) => d.ids?.some((item) => item.id === 'unused-suppression'));
  const judge = (list: Directive[]) =>
    list.map((d) => unusedParts(d, used.get(d), options)).filter((r): r is UnusedDirective => r !== undefined);
  let reports = judge(directives.filter((d) => d.kind !== 'noqa' && !silencers.includes(d)));
  if (silencers.length > 0) {
    if (reports.length > 0) silencers.forEach((d) => use(d, 'unused-suppression'));
    reports = judge(silencers);
  }
  const unused = reports
    .map((report) => ({ ...unusedSuppressionFinding(report, lines), rule: 'unused-suppression', severity: unusedSeverity }))
    // Like `# noqa: RUF100`, a line may keep its suppression on purpose.
    .filter((finding) => !(byLine.get(finding.range.start.line) ?? []).some((d) => d.ids && covers(d, finding.rule)));
  return [...kept, ...unused];
}

function unusedParts(directive: Directive, used: Set<string> | undefined, options: SuppressionOptions): UnusedDirective | undefined {
  const scope = directive.kind === 'file' ? 'in this file' : 'on this line';
  if (directive.kind === 'file' && !directive.comment.leading) {
    return { directive, removeIds: directive.ids?.map((i) => i.id), reasons: ['`disable-file` only works in the comments at the top of the file'] };
  }
  if (!directive.ids) return used ? undefined : { directive, reasons: [`nothing to suppress ${scope}`] };
  const reasons: string[] = [];
  const removeIds: string[] = [];
  for (const { id } of directive.ids) {
    if (!ruleById(id)) {
      reasons.push(`\`${id}\` is not a stacklint rule`);
      removeIds.push(id);
    } else if (id !== 'unused-suppression' && options.effectiveSeverity(id) && !used?.has(id)) {
      // A rule turned off for this file is not judged: the setting may differ elsewhere (CLI vs editor).
      reasons.push(`\`${id}\` reports nothing ${scope}`);
      removeIds.push(id);
    }
  }
  return removeIds.length > 0 ? { directive, removeIds, reasons } : undefined;
}

/** Comments of a Python file from tree-sitter, so a `#` inside a string is never read as one. */
export function pythonComments(file: PythonFile): SourceComment[] {
  const root = file.tree.rootNode;
  let bound = Infinity;
  let sawStatement = false;
  for (const child of root.namedChildren) {
    if (!child || child.type === 'comment') continue;
    const docstring = !sawStatement && child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string';
    sawStatement = true;
    if (!docstring) {
      bound = child.startIndex;
      break;
    }
  }
  return file.nodes('comment').map((node) => ({ text: node.text, start: file.lines.positionAt(node.startIndex), leading: node.startIndex < bound }));
}

/**
 * Comments of a requirements file (pip: `#` at line start or after
 * whitespace) or of a pyproject.toml (`#` outside a one-line string).
 */
export function lineComments(text: string, kind: Exclude<FileKind, 'python'>): SourceComment[] {
  const lines = new LineIndex(text);
  const comments: SourceComment[] = [];
  let leading = true;
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const at = kind === 'requirements' ? pipCommentStart(content) : tomlCommentStart(content);
    if (content.slice(0, at < 0 ? content.length : at).trim() !== '') leading = false;
    if (at >= 0) comments.push({ text: content.slice(at), start: { line, character: at }, leading });
  }
  return comments;
}

function pipCommentStart(line: string): number {
  const match = /(^|\s)#/.exec(line);
  return match ? match.index + match[1].length : -1;
}

function tomlCommentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#') return i;
  }
  return -1;
}

/** The range of offsets `start`..`end` of a one-line comment. */
export function commentRange(comment: SourceComment, start: number, end: number): Range {
  return {
    start: { line: comment.start.line, character: comment.start.character + start },
    end: { line: comment.start.line, character: comment.start.character + end },
  };
}
