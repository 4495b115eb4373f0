// A notebook's Python cells as one module: their text joined in cell order,
// and ranges mapped between that module and the cells. Pure functions; the
// LSP wiring lives in notebooks.ts.
import type { Edit, Range } from '../core/types';

export interface CellText {
  uri: string;
  text: string;
}

/** Where one cell sits in the joined module. */
export interface CellSpan {
  uri: string;
  /** The module line of the cell's first line. */
  startLine: number;
  /** How many lines the cell occupies (at least one). */
  lineCount: number;
}

export interface JoinedCells {
  text: string;
  spans: CellSpan[];
}

// IPython magics (`%pip install x`, `!ls`) are not Python: they become
// comments of the same length, so columns stay where they were.
// Indentation is spaces and tabs only: `\s*` would run across line breaks and backtrack quadratically.
const MAGIC = /^([ \t]*)[%!]/gm;

/** Joins the cells with one newline between each, IPython magics commented out. */
export function joinCells(cells: readonly CellText[]): JoinedCells {
  const spans: CellSpan[] = [];
  const parts: string[] = [];
  let line = 0;
  for (const cell of cells) {
    const text = cell.text.replace(/\r\n?/g, '\n').replace(MAGIC, '$1#');
    const lineCount = text.split('\n').length;
    spans.push({ uri: cell.uri, startLine: line, lineCount });
    parts.push(text);
    line += lineCount;
  }
  return { text: parts.join('\n'), spans };
}

function spanOfLine(spans: readonly CellSpan[], line: number): CellSpan | undefined {
  return spans.find((span) => line >= span.startLine && line < span.startLine + span.lineCount);
}

/** The cell and cell-relative range of a module range; undefined when the range crosses cells. */
export function toCellRange(spans: readonly CellSpan[], range: Range): { uri: string; range: Range } | undefined {
  const span = spanOfLine(spans, range.start.line);
  if (!span) return undefined;
  if (range.end.line >= span.startLine + span.lineCount) {
    // An end at column 0 of the next line means "up to the end of this cell's last line".
    const last = span.startLine + span.lineCount - 1;
    if (!(range.end.line === last + 1 && range.end.character === 0)) return undefined;
  }
  const shift = (position: Range['start']) => ({ line: position.line - span.startLine, character: position.character });
  return { uri: span.uri, range: { start: shift(range.start), end: shift(range.end) } };
}

/** A cell-relative range in module coordinates. */
export function toModuleRange(spans: readonly CellSpan[], uri: string, range: Range): Range | undefined {
  const span = spans.find((candidate) => candidate.uri === uri);
  if (!span) return undefined;
  const shift = (position: Range['start']) => ({ line: position.line + span.startLine, character: position.character });
  return { start: shift(range.start), end: shift(range.end) };
}

/** A fix's edits grouped by cell; undefined when an edit crosses cells or touches another file. */
export function editsByCell(spans: readonly CellSpan[], edits: readonly Edit[]): Map<string, Edit[]> | undefined {
  const byCell = new Map<string, Edit[]>();
  for (const edit of edits) {
    if (edit.file) return undefined;
    const mapped = toCellRange(spans, edit.range);
    if (!mapped) return undefined;
    byCell.set(mapped.uri, [...(byCell.get(mapped.uri) ?? []), { range: mapped.range, newText: edit.newText }]);
  }
  return byCell;
}
