import { LineIndex } from './text';
import type { Range } from './types';

/** One comment of the linted file, on one line. */
export interface SourceComment {
  text: string;
  start: { line: number; character: number };
  /** Before the first statement (Python: after the docstring), requirement or key. */
  leading: boolean;
  /** The lines the comment's directives apply to, when not its own line (a Dockerfile comment above an instruction). */
  governs?: { start: number; end: number };
}

/** The range of offsets `start`..`end` of a one-line comment. */
export function commentRange(comment: SourceComment, start: number, end: number): Range {
  return {
    start: { line: comment.start.line, character: comment.start.character + start },
    end: { line: comment.start.line, character: comment.start.character + end },
  };
}

/**
 * Comments from their offsets in a line-oriented file (requirements, TOML,
 * Dockerfile): a comment is leading while nothing but comments and blank
 * space came before it.
 */
export function commentsFromSpans(text: string, spans: readonly { start: number; end: number }[]): SourceComment[] {
  const lines = new LineIndex(text);
  let leading = true;
  let previousEnd = 0;
  return spans.map(({ start, end }) => {
    if (text.slice(previousEnd, start).trim() !== '') leading = false;
    previousEnd = end;
    return { text: text.slice(start, end), start: lines.positionAt(start), leading };
  });
}

/**
 * Where a comment for a line can go: the line itself, or, when the line ends
 * inside a multi-line string or a `\` continuation (where a `#` would be part
 * of the string or a syntax error), the first later line where a comment is
 * legal. A suppression there covers findings that start on the earlier lines,
 * as Ruff's `# noqa` does for multi-line strings and continuations.
 */
export type CommentLine = (line: number) => number;

/** A CommentLine from the lines whose end cannot hold a comment. */
export function commentLineSkipping(blocked: ReadonlySet<number>): CommentLine {
  return (line) => {
    let target = line;
    while (blocked.has(target)) target++;
    return target;
  };
}
