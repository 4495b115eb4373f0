// Version constraints outside PEP 508 requirement strings: `requires-python`
// (a PEP 440 specifier set) and Poetry's constraint syntax, whose `^` and `~`
// are converted to PEP 440 clauses (`^2.0` = `>=2.0,<3.0`).
import { explain } from '@renovatebot/pep440';
import { clauseProblem, type SimpleClause } from './pep440';
import type { Span } from './pep508';

export interface ConstraintClause extends SimpleClause {
  span: Span;
}

export type ConstraintResult = { clauses: ConstraintClause[]; error?: undefined } | { clauses?: undefined; error: string; span: Span };

const CLAUSE = /(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*([A-Za-z0-9_.*+!-]+)/y;

/** Parses a comma-separated PEP 440 specifier set such as `>=3.10,<3.13`. */
export function parseSpecifierSet(text: string): ConstraintResult {
  const clauses: ConstraintClause[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const lead = part.length - part.trimStart().length;
    const trimmed = part.trim();
    const span = { start: offset + lead, end: offset + lead + trimmed.length };
    offset += part.length + 1;
    if (trimmed === '' && text.trim() === '') continue;
    const match = /^(===|~=|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(trimmed);
    if (!match) return { error: `Invalid specifier: '${trimmed}'`, span };
    const problem = clauseProblem({ operator: match[1], version: match[2] });
    if (problem) return { error: `Invalid specifier: '${trimmed}': ${problem}`, span };
    clauses.push({ operator: match[1], version: match[2], span });
  }
  return { clauses };
}

function release(version: string): number[] | undefined {
  return explain(version)?.release;
}

/** Poetry's `^V`: up to the next change of the left-most non-zero segment. */
function caretUpper(version: string): string | undefined {
  const parts = release(version);
  if (!parts) return undefined;
  const index = parts.findIndex((part) => part !== 0);
  if (index < 0) return parts.length === 1 ? '1' : [...parts.slice(0, parts.length - 1), 1].join('.');
  return [...parts.slice(0, index), parts[index] + 1].join('.');
}

/** Poetry's `~V`: `~1.2.3` = `<1.3`, `~1` = `<2`. */
function tildeUpper(version: string): string | undefined {
  const parts = release(version);
  if (!parts) return undefined;
  return parts.length >= 2 ? `${parts[0]}.${parts[1] + 1}` : `${parts[0] + 1}`;
}

/**
 * Converts a Poetry constraint to PEP 440 clauses, each keeping the span of
 * the constraint it came from. `||` alternatives cannot be one clause set, so
 * they yield no clauses (the constraint is not judged).
 */
export function parsePoetryConstraint(text: string): ConstraintResult {
  if (text.includes('||') || text.trim() === '*' || text.trim() === '') return { clauses: [] };
  const clauses: ConstraintClause[] = [];
  let offset = 0;
  while (offset < text.length) {
    while (/[\s,]/.test(text[offset] ?? '')) offset++;
    if (offset >= text.length) break;
    CLAUSE.lastIndex = offset;
    const match = CLAUSE.exec(text);
    if (!match) return { error: `Invalid constraint: '${text}'`, span: { start: offset, end: text.length } };
    const span = { start: offset, end: offset + match[0].length };
    offset = span.end;
    const [, operator = '', version] = match;
    if (version === '*') continue;
    if (!explain(version.replace(/\.\*$/, ''))) return { error: `Invalid constraint: '${match[0]}': ${version} is not a valid version`, span };
    if (operator === '^' || operator === '~') {
      const upper = operator === '^' ? caretUpper(version) : tildeUpper(version);
      clauses.push({ operator: '>=', version, span });
      if (upper) clauses.push({ operator: '<', version: upper, span });
    } else if (operator === '' || operator === '=') {
      clauses.push({ operator: '==', version, span });
    } else {
      const problem = clauseProblem({ operator, version });
      if (problem) return { error: `Invalid constraint: '${match[0]}': ${problem}`, span };
      clauses.push({ operator, version, span });
    }
  }
  return { clauses };
}
