// Text edits on dependency files shared by the dependency rules' fixes:
// deleting a requirement, rewriting it, and the line text to move elsewhere.
import type { DependencyFile, Requirement } from '../model';
import type { Edit, Range } from '../../core/types';
import { annotationEnd } from '../via';

/** The range of whole source lines `first..last`, including the last line's line break. */
export function wholeLines(file: DependencyFile, first: number, last: number): Range {
  const start = file.lines.lineStart(first);
  const end = last + 1 < file.lines.lineCount ? file.lines.lineStart(last + 1) : file.text.length;
  return file.lines.range(start, end);
}

/** The source text of lines `first..last` with LF line breaks, ending with exactly one. */
export function linesText(file: DependencyFile, first: number, last: number): string {
  const range = wholeLines(file, first, last);
  // In LF: a fix's edits in this file get its line breaks back from the engine; a move to another file converts them.
  const text = file.text.slice(file.lines.offsetAt(range.start), file.lines.offsetAt(range.end)).replace(/\r\n?/g, '\n');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** True when a pyproject requirement string is alone on its lines (besides a comma and a comment). */
function aloneOnLines(file: DependencyFile, quoteStart: number, quoteEnd: number): boolean {
  const lineStart = file.lines.lineStart(file.lines.positionAt(quoteStart).line);
  const endLine = file.lines.positionAt(quoteEnd).line;
  const lineEnd = file.lines.offsetAt({ line: endLine, character: file.lines.lineText(endLine).length });
  const rest = file.text.slice(quoteEnd, lineEnd);
  if (file.text.slice(lineStart, quoteStart).trim() !== '' || !/^\s*(?:,\s*)?(?:#.*)?$/.test(rest)) return false;
  // Its comma on a later line (`"pytest"\n,`) would be left behind alone: not alone then.
  if (/^[ \t]*,/.test(rest)) return true;
  const commaBelow = /(?:\s|#[^\n]*\n)*,/y;
  commaBelow.lastIndex = lineEnd;
  return !commaBelow.test(file.text);
}

/** The quoted TOML string around a requirement: from its opening quote to just past its closing quote. */
function quotedSpan(file: DependencyFile, requirement: Requirement): { start: number; end: number } | undefined {
  const start = file.lines.offsetAt(requirement.range.start) - 1;
  const quote = file.text[start];
  if (quote !== '"' && quote !== "'") return undefined;
  // A triple-quoted TOML string ends in three quotes: cutting one would break the file, so no edit.
  if (file.text[start - 1] === quote) return undefined;
  const close = file.text.indexOf(quote, file.lines.offsetAt(requirement.range.end));
  return close < 0 ? undefined : { start, end: close + 1 };
}

/** An edit that removes the requirement, leaving the rest of the file valid. Undefined when it cannot tell how. */
export function deleteRequirement(file: DependencyFile, requirement: Requirement): Edit | undefined {
  if (file.kind === 'requirements' || requirement.poetry) {
    if (requirement.poetry && file.text.slice(file.lines.offsetAt(requirement.nameRange.start)).startsWith('[')) return undefined;
    // A pip-compile `# via` block below the pin goes with it.
    return { range: wholeLines(file, requirement.firstLine, annotationEnd(file, requirement)), newText: '' };
  }
  const span = quotedSpan(file, requirement);
  if (!span) return undefined;
  if (aloneOnLines(file, span.start, span.end)) {
    const endLine = file.lines.positionAt(span.end).line;
    return { range: wholeLines(file, file.lines.positionAt(span.start).line, endLine), newText: '' };
  }
  // Inline array: take the element with the comma and spaces after it, or before it when it is the last.
  const after = /^\s*,[ \t]*/.exec(file.text.slice(span.end));
  if (after) return { range: file.lines.range(span.start, span.end + after[0].length), newText: '' };
  const before = /,\s*$/.exec(file.text.slice(0, span.start));
  const start = before ? span.start - before[0].length : span.start;
  // That comma may end a comment line (`# was "x",`), and the element's own comma may stand
  // below a comment: removing either way would leave the array with one comma too many.
  if (before && file.lines.lineText(file.lines.positionAt(start).line).slice(0, file.lines.positionAt(start).character).includes('#')) return undefined;
  return { range: file.lines.range(start, span.end), newText: '' };
}

/**
 * Edits that make the requirement ask for `name` with `specifier` instead,
 * keeping its environment marker. Undefined for URL requirements.
 */
export function replaceRequirement(file: DependencyFile, requirement: Requirement, name: string, specifier: string, poetrySpecifier: string): Edit[] | undefined {
  if (requirement.url) return undefined;
  if (requirement.poetry) {
    const edits: Edit[] = [{ range: requirement.nameRange, newText: name }];
    if (requirement.specifierRange) edits.push({ range: requirement.specifierRange, newText: poetrySpecifier });
    return file.text.slice(file.lines.offsetAt(requirement.nameRange.start)).startsWith('[') ? undefined : edits;
  }
  const marker = requirement.markerText ? ` ; ${requirement.markerText}` : '';
  const text = `${name}${specifier}${marker}`;
  // Inside a TOML basic string, quotes and backslashes of the marker must be escaped.
  const inBasicString = file.kind === 'pyproject' && file.text[file.lines.offsetAt(requirement.range.start) - 1] === '"';
  return [{ range: requirement.range, newText: inBasicString ? text.replace(/[\\"]/g, (char) => `\\${char}`) : text }];
}

/** The 1-based line of a requirement, for messages. */
export function lineOf(requirement: Requirement): number {
  return requirement.nameRange.start.line + 1;
}
