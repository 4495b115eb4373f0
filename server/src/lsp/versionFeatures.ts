// Editor features on the version part of a requirement, as pure functions:
// completion after `==`, `>=` or `~=`, and a hover saying how a version
// compares with the stack's minimum and §4.4's reference pin.
import type { StacklintConfig } from '../core/config';
import { comparePositions } from '../core/text';
import type { Position, Range } from '../core/types';
import type { DependencyFile, Requirement } from '../dependencies/model';
import { compareVersions, isVersion } from '../dependencies/pep440';
import { minimumVersion, referencePin } from '../policy/policy';

/** Operators after which a version is completed. */
const VERSION_OPERATORS = new Set(['==', '>=', '~=']);

const NAME = /[A-Za-z0-9][A-Za-z0-9._-]*/y;
const PARTIAL_CHAR = /[0-9A-Za-z.*+!-]/;

/**
 * `name[extras] <clauses,> <op> <partial version>` right before the cursor, in
 * a requirements line or inside a pyproject dependency string (after its
 * quote): [name, operator, partial]. Read from the end by hand; the one
 * pattern for it (`(?:[<>=!~]=?[^,;"']*,\s*)*(==|>=|~=)...$`) backtracks
 * exponentially on a long line.
 */
function beforeCursor(text: string): [string, string, string] | undefined {
  let end = text.length;
  while (end > 0 && PARTIAL_CHAR.test(text[end - 1])) end--;
  const partial = text.slice(end);
  let opEnd = end;
  while (opEnd > 0 && /\s/.test(text[opEnd - 1])) opEnd--;
  const operator = text.slice(opEnd - 2, opEnd);
  if (operator !== '==' && operator !== '>=' && operator !== '~=') return undefined;
  const prefix = text.slice(0, opEnd - 2);
  // After the last quote (inside a pyproject string), or from the start of the line.
  const quote = Math.max(prefix.lastIndexOf('"'), prefix.lastIndexOf("'"));
  let at = quote >= 0 ? quote + 1 : prefix.length - prefix.trimStart().length;
  NAME.lastIndex = at;
  const name = NAME.exec(prefix)?.[0];
  if (!name) return undefined;
  at += name.length;
  let rest = prefix.slice(at).trimStart();
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    rest = rest.slice(close + 1).trimStart();
  }
  // Earlier clauses, each `<op>...,`: no `;` or quote, and every piece starts with an operator.
  if (rest !== '') {
    const clauses = rest.trimEnd();
    if (/[;"']/.test(clauses) || !clauses.endsWith(',')) return undefined;
    if (!clauses.slice(0, -1).split(',').every((clause) => /^[<>=!~]/.test(clause.trimStart()))) return undefined;
  }
  return [name, operator, partial];
}

export interface VersionCompletion {
  label: string;
  detail: string;
  /** Orders the items: the reference pin first, then the stack minimum. */
  sortText: string;
  /** The partly typed version the item replaces. */
  range: Range;
}

/**
 * Versions for the specifier being typed: §4.4's reference pin first, then
 * the stack's minimum (the floor). Undefined when the cursor is not after
 * `==`, `>=` or `~=` (name completion applies then).
 */
export function versionCompletions(file: DependencyFile, position: Position, config: StacklintConfig): VersionCompletion[] | undefined {
  const before = file.lines.lineText(position.line).slice(0, position.character);
  const match = beforeCursor(before);
  if (!match || !VERSION_OPERATORS.has(match[1])) return undefined;
  const [name, operator, partial] = match;
  const range = { start: { line: position.line, character: position.character - partial.length }, end: position };
  const items: VersionCompletion[] = [];
  const pin = referencePin(name, config);
  if (pin) items.push({ label: compatible(pin, operator), detail: 'reference pin (TECH_STACK.md §4.4)', sortText: '0', range });
  const minimum = minimumVersion(name, config);
  if (minimum && !items.some((item) => item.label === compatible(minimum.version, operator))) {
    const where = minimum.configured ? '[tool.stacklint.minimum-versions]' : `TECH_STACK.md ${minimum.section}`;
    items.push({ label: compatible(minimum.version, operator), detail: `stack minimum, the lowest version allowed (${where})`, sortText: '1', range });
  }
  return items;
}

/** `~=` needs at least two release components (`~=2` is invalid): `2` becomes `2.0`. */
function compatible(version: string, operator: string): string {
  return operator === '~=' && /^\d+$/.test(version) ? `${version}.0` : version;
}

/** Markdown for a hover on one version of a requirement's specifier: how it compares with the floor and the reference pin. */
export function versionHover(requirement: Requirement, position: Position, config: StacklintConfig): string | undefined {
  if (!requirement.name) return undefined;
  const clause = requirement.clauses.find((candidate) => comparePositions(candidate.range.start, position) <= 0 && comparePositions(position, candidate.range.end) <= 0);
  if (!clause || !isVersion(clause.version)) return undefined;
  const lines: string[] = [];
  const minimum = minimumVersion(requirement.name, config);
  if (minimum) {
    const order = compareVersions(clause.version, minimum.version);
    const relation = order < 0 ? 'below' : order === 0 ? 'exactly' : 'above';
    lines.push(`\`${clause.version}\` is ${relation} the stack minimum ${minimum.version} (${minimum.configured ? 'configured' : minimum.section})`);
  } else {
    lines.push(`\`${clause.version}\`: the stack sets no minimum for ${requirement.name}`);
  }
  const pin = referencePin(requirement.name, config);
  if (pin) {
    const order = compareVersions(clause.version, pin);
    lines.push(order === 0 ? `- the reference pin (§4.4)` : `- ${order < 0 ? 'older' : 'newer'} than the reference pin ${pin} (§4.4)`);
  }
  return lines.join('\n');
}

/** The requirement whose specifier holds the position. */
export function requirementWithVersionAt(file: DependencyFile, position: Position): Requirement | undefined {
  return file.requirements.find((requirement) => requirement.clauses.some((clause) => comparePositions(clause.range.start, position) <= 0 && comparePositions(position, clause.range.end) <= 0));
}
