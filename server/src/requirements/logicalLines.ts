// pip's first two passes over a requirements file, with offsets kept: join
// `\` continuations (req_file.join_lines), then strip comments
// (req_file.ignore_comments). Every character of a logical line maps back to
// its source offset.
import { LineIndex } from '../core/text';

/** A piece of a logical line copied from `sourceStart` in the file. */
interface Piece {
  at: number;
  sourceStart: number;
  length: number;
}

export interface LogicalLine {
  /** The joined line with its comment removed and whitespace stripped, as pip sees it. */
  text: string;
  firstLine: number;
  lastLine: number;
  /** The source offset of `text[offset]`. */
  toSource(offset: number): number;
  /** The source offset just past `text[offset - 1]`, for the end of a span. */
  toSourceEnd(offset: number): number;
}

/**
 * pip's COMMENT_RE, `(^|\s+)#.*$`: from the first `#` at the start of the line
 * or after whitespace, with the whitespace before it. Done by hand because
 * that pattern backtracks quadratically on a long run of spaces.
 */
export function stripComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '#' || (i > 0 && !isSpace(text[i - 1]))) continue;
    let start = i;
    while (start > 0 && isSpace(text[start - 1])) start--;
    return text.slice(0, start);
  }
  return text;
}

function isSpace(char: string): boolean {
  return /\s/.test(char);
}

/** The line without its trailing backslashes. */
function withoutTrailingBackslashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\\') end--;
  return text.slice(0, end);
}

/**
 * Splits into physical lines as LineIndex counts them: at `\n`, `\r\n` and a
 * lone `\r` (pip splits with str.splitlines, so a CR-only file is many lines).
 */
function physicalLines(text: string): { text: string; start: number }[] {
  const index = new LineIndex(text);
  const lines: { text: string; start: number }[] = [];
  for (let line = 0; line < index.lineCount; line++) lines.push({ text: index.lineText(line), start: index.lineStart(line) });
  if (lines.length > 0 && lines[lines.length - 1].text === '' && /[\r\n]$/.test(text)) lines.pop();
  return lines;
}

class JoinedLine {
  /** The non-empty pieces, in order; empty ones (a line of only backslashes) hold no character. */
  readonly pieces: Piece[] = [];
  text = '';
  private firstStart: number | undefined;
  constructor(readonly firstLine: number) {}

  append(text: string, sourceStart: number): void {
    this.firstStart ??= sourceStart;
    if (text.length > 0) this.pieces.push({ at: this.text.length, sourceStart, length: text.length });
    this.text += text;
  }

  /** The source offset of `text[offset]`, by binary search over the pieces. */
  sourceOf(offset: number): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.pieces[mid].at <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const piece = this.pieces[found];
    if (!piece) return this.firstStart ?? 0;
    return piece.sourceStart + Math.min(Math.max(offset - piece.at, 0), piece.length);
  }
}

function finish(joined: JoinedLine, lastLine: number): LogicalLine | undefined {
  const withoutComment = stripComment(joined.text);
  const leading = withoutComment.length - withoutComment.trimStart().length;
  const stripped = withoutComment.trim();
  if (stripped === '') return undefined;
  return {
    text: stripped,
    firstLine: joined.firstLine,
    lastLine,
    toSource: (offset) => joined.sourceOf(leading + offset),
    toSourceEnd: (offset) => (offset > 0 ? joined.sourceOf(leading + offset - 1) + 1 : joined.sourceOf(leading)),
  };
}

/** The non-empty logical lines of a requirements file, in order. */
export function logicalLines(text: string): LogicalLine[] {
  const result: LogicalLine[] = [];
  let pending: JoinedLine | undefined;
  const emit = (joined: JoinedLine, lastLine: number) => {
    const line = finish(joined, lastLine);
    if (line) result.push(line);
  };
  const lines = physicalLines(text);
  lines.forEach((line, index) => {
    const isComment = /^\s*#/.test(line.text);
    if (!line.text.endsWith('\\') || isComment) {
      const joined = pending ?? new JoinedLine(index);
      // pip prefixes a comment line with a space so the comment pattern still matches after joining.
      if (isComment && pending) joined.append(' ', line.start);
      joined.append(line.text, line.start);
      emit(joined, index);
      pending = undefined;
      return;
    }
    pending ??= new JoinedLine(index);
    // pip strips backslashes from both ends of a continued line.
    const leading = line.text.length - line.text.replace(/^\\+/, '').length;
    pending.append(withoutTrailingBackslashes(line.text.slice(leading)), line.start + leading);
  });
  // A trailing `\` on the last line still yields the joined line.
  if (pending) emit(pending, lines.length - 1);
  return result;
}
