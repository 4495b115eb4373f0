// Where a fix may add a whole line at module level (an import, a logger):
// only at the start of a line that begins a new logical line outside every
// statement. A line after one ending in a backslash continues that line, and
// a line inside a bracket, a string or a compound statement belongs to it;
// a line added there would not compile or would change what it joins.
import type { PythonFile } from './file';
import type { Node } from './parse';

/** True when the line before `line` ends in a backslash that joins it to `line` (not one inside a comment). */
function continuesIntoNext(file: PythonFile, line: number): boolean {
  const text = file.lines.lineText(line);
  if (!text.endsWith('\\')) return false;
  const offset = file.lines.lineStart(line) + text.length - 1;
  return file.tree.rootNode.descendantForIndex(offset, offset + 1)?.type !== 'comment';
}

/** The module-level statement (or ERROR) that starts before `offset` and ends after it, if any. */
function statementAround(file: PythonFile, offset: number): Node | undefined {
  const root = file.tree.rootNode;
  // Children are in text order: a binary search keeps this cheap on files of many statements.
  let lo = 0;
  let hi = root.childCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const child = root.child(mid);
    if (!child) return undefined;
    if (child.endIndex <= offset) lo = mid + 1;
    else if (child.startIndex >= offset) hi = mid - 1;
    else return child;
  }
  return undefined;
}

/** True when a line inserted at the start of `line` stands alone at module level. */
export function isStatementLineStart(file: PythonFile, line: number): boolean {
  if (line <= 0) return true;
  if (line >= file.lines.lineCount) return false;
  if (continuesIntoNext(file, line - 1)) return false;
  return statementAround(file, file.lines.lineStart(line)) === undefined;
}

/** The first line at or after `line` where a module-level line may be inserted; the line count when there is none. */
export function statementLineAtOrAfter(file: PythonFile, line: number): number {
  let candidate = Math.max(0, line);
  while (candidate < file.lines.lineCount && !isStatementLineStart(file, candidate)) {
    const around = statementAround(file, file.lines.lineStart(candidate));
    // Skip a whole statement at once rather than line by line.
    const next = around ? file.lines.positionAt(around.endIndex).line + 1 : candidate + 1;
    candidate = Math.max(next, candidate + 1);
  }
  return candidate;
}

/** The last line at or before `line` where a module-level line may be inserted (line 0 always may). */
export function statementLineAtOrBefore(file: PythonFile, line: number): number {
  let candidate = Math.min(line, file.lines.lineCount - 1);
  while (candidate > 0 && !isStatementLineStart(file, candidate)) {
    const around = statementAround(file, file.lines.lineStart(candidate));
    const previous = around ? file.lines.positionAt(around.startIndex).line : candidate - 1;
    candidate = Math.min(previous, candidate - 1);
  }
  return Math.max(candidate, 0);
}
