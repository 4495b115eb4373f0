// A careful PEP 508 dependency-specifier parser (name, extras, version
// specifiers or URL, markers) that keeps the offset of every part. Error
// messages follow packaging's, which pip prints after "Invalid requirement".
import { MarkerError, parseMarker, type Marker } from './markers';
import { clauseProblem } from './pep440';

export interface Span {
  start: number;
  end: number;
}

export interface SpecClause {
  operator: string;
  version: string;
  span: Span;
}

export interface ParsedRequirement {
  name: string;
  nameSpan: Span;
  extras: string[];
  clauses: SpecClause[];
  /** From the first operator to the end of the last version (inside legacy parentheses). */
  specifierSpan?: Span;
  url?: string;
  urlSpan?: Span;
  marker?: Marker;
  markerText?: string;
  markerSpan?: Span;
  /** End of the requirement proper (before trailing whitespace). */
  end: number;
}

export class RequirementError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const OPERATOR = /^(===|~=|==|!=|<=|>=|<|>)/;

/** Parses one PEP 508 requirement. Throws RequirementError with packaging's reason. */
export function parseRequirement(text: string): ParsedRequirement {
  const cursor = new Cursor(text);
  cursor.space();
  const nameMatch = NAME.exec(cursor.rest());
  if (!nameMatch) throw new RequirementError('Expected package name at the start of dependency specifier', cursor.offset);
  const nameSpan = { start: cursor.offset, end: cursor.offset + nameMatch[0].length };
  cursor.offset = nameSpan.end;
  cursor.space();
  const extras = cursor.peek() === '[' ? parseExtras(cursor) : [];
  cursor.space();
  const result: ParsedRequirement = { name: nameMatch[0], nameSpan, extras, clauses: [], end: cursor.offset };

  if (cursor.peek() === '@') {
    cursor.offset++;
    cursor.space();
    const urlMatch = /^\S+/.exec(cursor.rest());
    if (!urlMatch) throw new RequirementError('Expected URL after @', cursor.offset);
    result.urlSpan = { start: cursor.offset, end: cursor.offset + urlMatch[0].length };
    result.url = urlMatch[0];
    cursor.offset = result.urlSpan.end;
    result.end = cursor.offset;
    const before = cursor.offset;
    cursor.space();
    if (cursor.atEnd()) return result;
    // A `;` glued to the URL belongs to the URL; a marker needs whitespace first.
    if (cursor.peek() !== ';' || cursor.offset === before) throw new RequirementError('Expected end or semicolon (after URL and whitespace)', cursor.offset);
    parseMarkerPart(cursor, result);
    return result;
  }

  parseSpecifiers(cursor, result);
  cursor.space();
  if (cursor.atEnd()) return result;
  if (cursor.peek() !== ';') {
    const after = result.clauses.length > 0 ? 'after version specifier' : 'after name and no valid version specifier';
    throw new RequirementError(`Expected end or semicolon (${after})`, cursor.offset);
  }
  parseMarkerPart(cursor, result);
  return result;
}

class Cursor {
  offset = 0;
  constructor(readonly text: string) {}
  rest(): string {
    return this.text.slice(this.offset);
  }
  peek(): string | undefined {
    return this.text[this.offset];
  }
  atEnd(): boolean {
    return this.offset >= this.text.length;
  }
  space(): void {
    while (this.offset < this.text.length && /[ \t]/.test(this.text[this.offset])) this.offset++;
  }
}

function parseExtras(cursor: Cursor): string[] {
  cursor.offset++;
  const extras: string[] = [];
  cursor.space();
  if (cursor.peek() === ']') {
    cursor.offset++;
    return extras;
  }
  for (;;) {
    cursor.space();
    const match = NAME.exec(cursor.rest());
    if (!match) {
      const reason = extras.length > 0 ? 'Expected extra name after comma' : 'Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras';
      throw new RequirementError(reason, cursor.offset);
    }
    extras.push(match[0]);
    cursor.offset += match[0].length;
    cursor.space();
    if (cursor.peek() === ',') {
      cursor.offset++;
      continue;
    }
    if (cursor.peek() === ']') {
      cursor.offset++;
      return extras;
    }
    if (NAME.test(cursor.rest())) throw new RequirementError('Expected comma between extra names', cursor.offset);
    throw new RequirementError('Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras', cursor.offset);
  }
}

function parseSpecifiers(cursor: Cursor, result: ParsedRequirement): void {
  const parenthesized = cursor.peek() === '(';
  if (parenthesized) {
    cursor.offset++;
    cursor.space();
  }
  while (OPERATOR.test(cursor.rest())) {
    const start = cursor.offset;
    const operator = (OPERATOR.exec(cursor.rest()) as RegExpExecArray)[0];
    cursor.offset += operator.length;
    cursor.space();
    const versionMatch = (operator === '===' ? /^[^\s,;)]+/ : /^[A-Za-z0-9_.*+!-]+/).exec(cursor.rest());
    const version = versionMatch?.[0] ?? '';
    const problem = clauseProblem({ operator, version });
    if (problem) {
      const after = result.clauses.length > 0 ? 'after version specifier' : 'after name and no valid version specifier';
      throw new RequirementError(`Expected end or semicolon (${after}): ${problem}`, start);
    }
    cursor.offset += version.length;
    result.clauses.push({ operator, version, span: { start, end: cursor.offset } });
    result.end = cursor.offset;
    cursor.space();
    if (cursor.peek() !== ',') break;
    cursor.offset++;
    cursor.space();
    if (!OPERATOR.test(cursor.rest())) throw new RequirementError('Expected end or semicolon (after version specifier)', cursor.offset);
  }
  if (result.clauses.length > 0) {
    result.specifierSpan = { start: result.clauses[0].span.start, end: result.clauses[result.clauses.length - 1].span.end };
  }
  if (parenthesized) {
    cursor.space();
    if (cursor.peek() !== ')') throw new RequirementError('Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier', cursor.offset);
    cursor.offset++;
    result.end = cursor.offset;
  }
}

function parseMarkerPart(cursor: Cursor, result: ParsedRequirement): void {
  cursor.offset++;
  const start = cursor.offset;
  const markerText = cursor.text.slice(start);
  if (markerText.trim() === '') throw new RequirementError('Expected marker after semicolon', start);
  try {
    result.marker = parseMarker(markerText);
  } catch (error) {
    if (error instanceof MarkerError) throw new RequirementError(error.message, start + error.offset);
    throw error;
  }
  const trimmedStart = start + (markerText.length - markerText.trimStart().length);
  result.markerText = markerText.trim();
  result.markerSpan = { start: trimmedStart, end: trimmedStart + result.markerText.length };
  result.end = result.markerSpan.end;
}
