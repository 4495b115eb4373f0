import type { Position, Range } from './types';

/**
 * The last index in [0, length) whose key is at most `value`, for keys that
 * never decrease; 0 when none is (the first item covers what lies before it).
 */
export function lastAtOrBefore(length: number, keyAt: (index: number) => number, value: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keyAt(mid) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Maps UTF-16 offsets to positions and back for one text, in O(log n). Lines
 * end at `\n`, `\r\n` or a lone `\r`, as the LSP, VS Code, Python and pip count them.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // Without a CR every line ends at an LF, which indexOf finds many times faster than a loop over each character.
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const lo = lastAtOrBefore(this.starts.length, (line) => this.starts[line], offset);
    // An offset inside a line break (the LF of a CRLF, or past the end) is the end of the line's content.
    const contentEnd = lo + 1 < this.starts.length ? this.lineContentEnd(lo) : this.text.length;
    return { line: lo, character: Math.min(offset, contentEnd) - this.starts[lo] };
  }

  private lineContentEnd(line: number): number {
    let end = this.starts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** As the LSP says, a character past the line's end means the line's end (never into the next line). */
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const end = position.line + 1 < this.starts.length ? this.lineContentEnd(position.line) : this.text.length;
    return Math.min(this.starts[position.line] + position.character, end);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  lineStart(line: number): number {
    return this.starts[Math.min(line, this.starts.length - 1)];
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const end = line + 1 < this.starts.length ? this.lineContentEnd(line) : this.text.length;
    return this.text.slice(start, end);
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Counts code points in `text` before UTF-16 column `character`, for 1-based CLI columns. */
export function codePointColumn(lineText: string, character: number): number {
  let count = 0;
  for (let i = 0; i < character && i < lineText.length; i++) {
    const code = lineText.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) i++;
    count++;
  }
  return count;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from.
 * V8 keeps a substring (a node's text, a slice, a split) as a view of its
 * parent, so one such key in a long-lived cache keeps a whole document (10 MB
 * for a 5 MB file) alive after it is closed. Prepending a character makes a
 * new string, which slicing flattens into a copy of its own.
 */
export function detached(text: string): string {
  // V8 copies a substring shorter than 13 characters rather than keeping a view.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** The line break a text uses: its first one (LF when it has none). */
export function lineBreakOf(text: string): string {
  const cr = text.indexOf('\r');
  if (cr < 0) return '\n';
  const lf = text.indexOf('\n');
  if (lf >= 0 && lf < cr) return '\n';
  return text[cr + 1] === '\n' ? '\r\n' : '\r';
}
