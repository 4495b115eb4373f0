/**
 * ## What it does
 * Flags `# stacklint: disable=...` and `# stacklint: disable-file=...`
 * comments that silence nothing: the named rule reports nothing on that line
 * (or in that file), the id is not a stacklint rule, or a `disable-file`
 * comment stands below the first statement where it has no effect. Like
 * Ruff's RUF100, for stacklint's own comments; `# noqa` comments are shared
 * with Ruff and flake8 and are left to RUF100.
 *
 * ## Why is this bad?
 * A stale suppression hides the next real problem on that line, and a
 * mistyped rule id silences nothing while looking as if it did. Suppressions
 * should stay rare and deliberate exceptions to the standard (§1).
 *
 * ## Example
 * ```python
 * import logging
 *
 * logger = logging.getLogger(__name__)
 * logger.info("ready")  # stacklint: disable=print-call
 * ```
 *
 * ## Use instead
 * ```python
 * import logging
 *
 * logger = logging.getLogger(__name__)
 * logger.info("ready")
 * ```
 */
import type { Directive } from './suppressions';
import type { LineIndex } from '../core/text';
import type { Edit, Finding, Range } from '../core/types';
import { definePythonRule } from '../python/rule';

/** A suppression comment found unused, and the ids to drop from it (all of it when undefined). */
export interface UnusedDirective {
  directive: Directive;
  removeIds?: string[];
  reasons: string[];
}

export default definePythonRule({
  meta: {
    id: 'unused-suppression',
    kind: 'python',
    defaultSeverity: 'hint',
    ruff: ['RUF100'],
    fixable: true,
    summary: 'a `# stacklint: disable` comment that silences nothing, or names an unknown rule',
    sections: ['§1'],
  },
  check() {
    // Only known once every rule has run, so the engine reports it after
    // applying suppressions (engine/suppressions.ts calls unusedSuppressionFinding).
  },
});

function at(directive: Directive, start: number, end: number): Range {
  const { line, character } = directive.comment.start;
  return { start: { line, character: character + start }, end: { line, character: character + end } };
}

/** The finding for one unused directive, with a fix that deletes the unused ids or the whole comment. */
export function unusedSuppressionFinding(unused: UnusedDirective, lines: LineIndex): Omit<Finding, 'rule' | 'severity'> {
  const { directive } = unused;
  const keep = directive.ids?.filter((item) => !unused.removeIds?.includes(item.id)) ?? [];
  const edit = keep.length > 0 && directive.list ? shortenList(directive, keep.map((item) => item.id)) : removeDirective(directive, lines);
  return {
    range: at(directive, directive.start, directive.end),
    message: `Unused suppression: ${unused.reasons.join('; ')}`,
    unnecessary: true,
    fix: { title: keep.length > 0 ? 'Remove the unused rule ids' : 'Remove the unused suppression comment', safe: true, edits: [edit] },
  };
}

function shortenList(directive: Directive, keep: string[]): Edit {
  const list = directive.list!;
  const original = directive.comment.text.slice(list.start, list.end);
  return { range: at(directive, list.start, list.end), newText: keep.join(/,\s/.test(original) ? ', ' : ',') };
}

/**
 * Deletes the directive. Text after it up to the next `#` is its
 * justification and goes with it; other comment parts (`# noqa`) stay, and a
 * comment that was only the directive goes entirely (its line too when the
 * line held nothing else).
 */
function removeDirective(directive: Directive, lines: LineIndex): Edit {
  const text = directive.comment.text;
  const nextHash = text.indexOf('#', directive.end);
  const end = nextHash < 0 ? text.length : nextHash;
  const before = text.slice(0, directive.start);
  const { line, character } = directive.comment.start;
  if (before.trim() === '' && nextHash < 0) {
    const lineText = lines.lineText(line);
    if (lineText.slice(0, character).trim() === '') {
      // After a line ending in `\`, the line must stay: without it the backslash would join the next line (or the end of the file).
      if (line > 0 && lines.lineText(line - 1).endsWith('\\')) return { range: at(directive, 0, text.length), newText: '#' };
      const whole = line + 1 < lines.lineCount ? { line: line + 1, character: 0 } : { line, character: lineText.length };
      return { range: { start: { line, character: 0 }, end: whole }, newText: '' };
    }
    const codeEnd = lineText.slice(0, character).trimEnd().length;
    return { range: { start: { line, character: codeEnd }, end: { line, character: lineText.length } }, newText: '' };
  }
  if (before.trim() === '') return { range: at(directive, 0, end), newText: '' };
  if (nextHash >= 0) return { range: at(directive, directive.start, end), newText: '' };
  const start = before.trimEnd().length;
  return { range: at(directive, start, text.length), newText: '' };
}
