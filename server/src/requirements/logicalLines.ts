// pip's first two passes over a requirements file, with offsets kept: join
// `\` continuations (req_file.join_lines), then strip comments
// (req_file.ignore_comments). Every character of a logical line maps back to
// its source offset.

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

/** pip's COMMENT_RE: `#` at the start of the line or after whitespace. */
const COMMENT = /(^|\s+)#.*$/;

/** Splits into physical lines the way LineIndex counts them (on `\n`, dropping a `\r` before it). */
function physicalLines(text: string): { text: string; start: number }[] {
  const lines: { text: string; start: number }[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start });
    start += raw.length + 1;
  }
  if (lines.length > 0 && lines[lines.length - 1].text === '' && text.endsWith('\n')) lines.pop();
  return lines;
}

class JoinedLine {
  readonly pieces: Piece[] = [];
  text = '';
  constructor(readonly firstLine: number) {}

  append(text: string, sourceStart: number): void {
    this.pieces.push({ at: this.text.length, sourceStart, length: text.length });
    this.text += text;
  }

  sourceOf(offset: number): number {
    let piece = this.pieces[0];
    for (const candidate of this.pieces) {
      if (candidate.at <= offset && candidate.length > 0) piece = candidate;
    }
    if (!piece) return 0;
    return piece.sourceStart + Math.min(offset - piece.at, piece.length);
  }
}

function finish(joined: JoinedLine, lastLine: number): LogicalLine | undefined {
  const withoutComment = joined.text.replace(COMMENT, '');
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
  physicalLines(text).forEach((line, index) => {
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
    pending.append(line.text.replace(/^\\+/, '').replace(/\\+$/, ''), line.start + leading);
  });
  // A trailing `\` on the last line still yields the joined line.
  if (pending) emit(pending, physicalLines(text).length - 1);
  return result;
}
