import type { CommentLine, SourceComment } from '../core/comments';
import { LineIndex } from '../core/text';
import type { Finding, Severity } from '../core/types';
import { ruleById } from './registry';
import { unusedSuppressionFinding, type UnusedDirective } from './unused-suppression';

export type { SourceComment };

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
const MENTIONS_DIRECTIVE = /stacklint|noqa/i;

/** The suppression directives in one comment (a comment may hold several, e.g. `# noqa: E501  # stacklint: disable`). */
export function parseDirectives(comment: SourceComment): Directive[] {
  const directives: Directive[] = [];
  // Every directive names stacklint or noqa: most comments are let go after one test, with nothing allocated.
  if (!MENTIONS_DIRECTIVE.test(comment.text)) return directives;
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
  /** Where a comment for a line goes when the line itself cannot hold one (multi-line strings, continuations). */
  commentLine?: CommentLine;
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
    const { governs } = directive.comment;
    const start = Math.min(directive.line, governs?.start ?? directive.line);
    const end = Math.max(directive.line, governs?.end ?? directive.line);
    for (let line = start; line <= end; line++) byLine.set(line, [...(byLine.get(line) ?? []), directive]);
  }
  const used = new Map<Directive, Set<string>>();
  const use = (directive: Directive, ruleId: string) => used.set(directive, (used.get(directive) ?? new Set()).add(ruleId));

  const kept = findings.filter((finding) => {
    const line = finding.range.start.line;
    const target = options.commentLine?.(line) ?? line;
    const onLine = [...(byLine.get(line) ?? []), ...(target !== line ? (byLine.get(target) ?? []) : [])];
    const matching = [...fileWide, ...onLine].filter((d) => covers(d, finding.rule));
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
