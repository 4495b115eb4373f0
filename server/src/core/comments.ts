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
