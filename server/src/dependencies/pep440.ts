// PEP 440 semantics on top of @renovatebot/pep440: normalization, ordering,
// the floor a specifier set allows and whether it shuts out a minimum.
import { clean, compare, explain, satisfies, valid } from '@renovatebot/pep440';

export interface SimpleClause {
  operator: string;
  version: string;
}

/**
 * The canonical form of a version (`1.1RC1` -> `1.1rc1`, `2.0+Local-7` ->
 * `2.0+local.7`), or undefined when it is not PEP 440. @renovatebot/pep440's
 * clean() joins local segments with commas, which its own parser then
 * rejects, so the local label is rejoined with dots here.
 */
export function normalizeVersion(version: string): string | undefined {
  const cleaned = clean(version.trim());
  if (!cleaned) return undefined;
  const plus = cleaned.indexOf('+');
  return plus < 0 ? cleaned : `${cleaned.slice(0, plus)}+${cleaned.slice(plus + 1).split(/[,._-]/).join('.')}`;
}

export function isVersion(version: string): boolean {
  return valid(version.trim()) !== null || clean(version.trim()) !== null;
}

/** PEP 440 ordering; both must be valid versions. */
export function compareVersions(a: string, b: string): number {
  return compare(normalizeVersion(a) ?? a, normalizeVersion(b) ?? b);
}

const OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'];

/** Why a clause is not a valid PEP 440 specifier, or undefined when it is. */
export function clauseProblem(clause: SimpleClause): string | undefined {
  const { operator, version } = clause;
  if (!OPERATORS.includes(operator)) return `unknown operator ${operator}`;
  if (operator === '===') return version.length > 0 ? undefined : '=== needs a version';
  const wildcard = version.endsWith('.*');
  if (wildcard && operator !== '==' && operator !== '!=') return `${operator} does not allow a .* wildcard`;
  const base = wildcard ? version.slice(0, -2) : version;
  const parsed = explain(base);
  if (!parsed) return `${version} is not a valid PEP 440 version`;
  if (wildcard && (parsed.local !== null || parsed.dev !== null || parsed.post !== null || parsed.pre !== null)) {
    return `${version}: a .* wildcard only follows a release`;
  }
  if (parsed.local !== null && operator !== '==' && operator !== '!=') return `${operator} does not allow a local version`;
  if (operator === '~=' && parsed.release.length < 2) return `~=${version} is invalid: ~= needs at least two release segments (e.g. ~=${version}.0)`;
  return undefined;
}

/** The clauses as one specifier string for @renovatebot/pep440. */
function specifierString(clauses: readonly SimpleClause[]): string {
  return clauses.map((clause) => `${clause.operator}${clause.version}`).join(',');
}

/** True when `version` satisfies every clause (pre-releases allowed, since the caller names them). */
export function allows(clauses: readonly SimpleClause[], version: string): boolean {
  if (clauses.length === 0) return true;
  if (clauses.some((clause) => clause.operator === '===')) {
    return clauses.every((clause) => (clause.operator === '===' ? clause.version === version : satisfies(version, specifierString([clause]), { prereleases: true })));
  }
  return satisfies(version, specifierString(clauses), { prereleases: true });
}

/** The release one step above the prefix: `1.4.5` for `~=` gives `1.5`; `1.1` for `==1.1.*` gives `1.2`. */
function bumpPrefix(version: string, dropLast: boolean): string | undefined {
  const parsed = explain(version);
  if (!parsed) return undefined;
  const release = dropLast ? parsed.release.slice(0, -1) : [...parsed.release];
  if (release.length === 0) return undefined;
  release[release.length - 1] += 1;
  return `${parsed.epoch ? `${parsed.epoch}!` : ''}${release.join('.')}`;
}

export interface Bound {
  version: string;
  inclusive: boolean;
}

/**
 * The floor of a specifier set (case 24): `>=`, `>`, `~=`, `==`, `===` give
 * lower bounds; `<`, `<=`, `!=` do not. Undefined when there is none (a bare
 * name resolves to the newest release).
 */
export function lowerBound(clauses: readonly SimpleClause[]): Bound | undefined {
  let best: Bound | undefined;
  for (const { operator, version } of clauses) {
    const base = version.endsWith('.*') ? version.slice(0, -2) : version;
    if (!['>=', '>', '~=', '==', '==='].includes(operator) || !isVersion(base)) continue;
    const bound = { version: base, inclusive: operator !== '>' };
    const order = best ? compareVersions(bound.version, best.version) : 1;
    if (!best || order > 0 || (order === 0 && !bound.inclusive)) best = bound;
  }
  return best;
}

/** The ceiling of a specifier set: `<`, `<=`, `==`, `===`, `~=` and `==V.*` give upper bounds. */
export function upperBound(clauses: readonly SimpleClause[]): Bound | undefined {
  let best: Bound | undefined;
  const consider = (bound: Bound | undefined) => {
    if (!bound || !isVersion(bound.version)) return;
    const order = best ? compareVersions(bound.version, best.version) : -1;
    if (!best || order < 0 || (order === 0 && !bound.inclusive)) best = bound;
  };
  for (const { operator, version } of clauses) {
    if (operator === '<') consider({ version, inclusive: false });
    else if (operator === '<=' || operator === '===') consider({ version, inclusive: true });
    else if (operator === '==' && version.endsWith('.*')) {
      const bumped = bumpPrefix(version.slice(0, -2), false);
      consider(bumped ? { version: bumped, inclusive: false } : undefined);
    } else if (operator === '==') consider({ version, inclusive: true });
    else if (operator === '~=') {
      const bumped = bumpPrefix(version, true);
      consider(bumped ? { version: bumped, inclusive: false } : undefined);
    }
  }
  return best;
}

/**
 * The lowest version below `minimum` that the set allows, or undefined when it
 * allows none. Candidates are the versions the clauses name and the release
 * just above each, which is where a set's floor lies.
 */
export function lowestAllowedBelow(clauses: readonly SimpleClause[], minimum: string): string | undefined {
  if (!lowerBound(clauses)) return undefined;
  const candidates = clauses
    .map((clause) => (clause.version.endsWith('.*') ? clause.version.slice(0, -2) : clause.version))
    .filter(isVersion)
    .flatMap((version) => [version, `${withoutLocal(normalizeVersion(version))}.1`])
    .filter((version) => isVersion(version) && compareVersions(version, minimum) < 0 && allows(clauses, version))
    .sort(compareVersions);
  return candidates[0];
}

/** True when the set excludes every version at or above `minimum` (e.g. `<2`, `~=1.10`, `==1.*` for 2.0). */
export function excludesFrom(clauses: readonly SimpleClause[], minimum: string): boolean {
  const upper = upperBound(clauses);
  if (!upper) return false;
  const order = compareVersions(upper.version, minimum);
  return order < 0 || (order === 0 && !upper.inclusive);
}

/** True for an exact pin: `==V` without a wildcard, or `===V`. */
export function isExactPin(clauses: readonly SimpleClause[]): boolean {
  return clauses.some((clause) => clause.operator === '===' || (clause.operator === '==' && !clause.version.endsWith('.*')));
}

/** The version without its local label (`2.0+local.7` -> `2.0`). */
function withoutLocal(version: string | undefined): string | undefined {
  const plus = version?.indexOf('+') ?? -1;
  return plus < 0 ? version : version!.slice(0, plus);
}
