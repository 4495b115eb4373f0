/**
 * ## What it does
 * Flags a version specifier that allows or pins a version below the stack's
 * minimum (fastapi 0.104.0 §2.1, sqlalchemy 2.0 §2.3, pydantic 2.0 §2.4, and
 * any minimum raised in `[tool.stacklint.minimum-versions]`), or that excludes
 * every version at or above it; and a `requires-python` (or Poetry `python`)
 * outside Python 3.10–3.12 (§5). Versions follow PEP 440: `2.0.0rc1` is below
 * `2.0`, `~=1.10` stops before 2.0, a bare name has no floor.
 *
 * ## Why is this bad?
 * A service resolved to SQLAlchemy 1.4 or Pydantic 1.x runs APIs the
 * standard's examples and the team's code no longer use, and misses fixes the
 * standard relies on.
 *
 * ## Example
 * ```text
 * pydantic~=1.10
 * sqlalchemy>=1.4,<3
 * ```
 *
 * ## Use instead
 * ```text
 * pydantic>=2.0
 * sqlalchemy>=2.0,<3
 * ```
 */
import type { StacklintConfig } from '../../core/config';
import type { Clause, DependencyFile, PythonRequirement, Requirement } from '../model';
import { allows, compareVersions, excludesFrom, isExactPin, lowestAllowedBelow } from '../pep440';
import type { Fix, Report } from '../../core/types';
import { minimumVersion, pythonRange, referencePin } from '../../policy/policy';
import { defineDependencyRule } from '../rule';

/** Keeps the clauses that still matter above the new floor: `!=` and `<`/`<=` above the minimum. */
function keptClauses(clauses: readonly Clause[], minimum: string): string[] {
  const above = (clause: Clause) => !clause.version.includes('*') && compareVersions(clause.version, minimum) > 0;
  return clauses
    .filter((clause) => ['!=', '<', '<='].includes(clause.operator) && above(clause))
    .map((clause) => `${clause.operator}${clause.version}`);
}

function raiseFix(requirement: Requirement, minimum: string, config: StacklintConfig): Fix | undefined {
  const range = requirement.specifierRange;
  // The line's --hash values belong to the old version: pip --require-hashes would refuse the new one.
  if (!range || requirement.hashes > 0) return undefined;
  const reference = referencePin(requirement.name ?? '', config);
  const pin = reference !== undefined && compareVersions(reference, minimum) >= 0 ? reference : minimum;
  let newText: string;
  let title: string;
  if (isExactPin(requirement.clauses)) {
    newText = requirement.poetry ? pin : `==${pin}`;
    // A pinned file pins what gets deployed: the title says the pin moves.
    title = `Raise ${requirement.name} to ${pin} (changes the pin ${requirement.specifierText.trim().replace(/^==/, '')} → ${pin})`;
  } else {
    if (requirement.poetry && requirement.specifierText.trim().startsWith('^')) newText = `^${minimum}`;
    else newText = [`>=${minimum}`, ...keptClauses(requirement.clauses, minimum)].join(requirement.poetry ? ', ' : ',');
    title = `Raise ${requirement.name} to ${newText}`;
  }
  return { title, safe: false, edits: [{ range, newText }] };
}

function checkRequirement(requirement: Requirement, report: Report, config: StacklintConfig): void {
  if (!requirement.name || requirement.url || requirement.clauses.length === 0) return;
  const minimum = minimumVersion(requirement.name, config);
  if (!minimum) return;
  const range = requirement.specifierRange ?? requirement.nameRange;
  const written = `${requirement.name}${requirement.poetry ? ` = "${requirement.specifierText}"` : requirement.specifierText}`;
  const below = lowestAllowedBelow(requirement.clauses, minimum.version);
  if (below) {
    report({
      range,
      message: `${written} allows ${requirement.name} ${below}, below the stack's minimum ${minimum.version} (${minimum.section})`,
      fix: raiseFix(requirement, minimum.version, config),
    });
  } else if (excludesFrom(requirement.clauses, minimum.version)) {
    report({
      range,
      message: `${written} excludes every version at or above the stack's minimum ${minimum.version} (${minimum.section})`,
      fix: raiseFix(requirement, minimum.version, config),
    });
  }
}

/** Releases in the supported window, e.g. 3.10, 3.10.99, 3.11, ... for 3.10–3.12. */
function supportedPythons(min: string, max: string): string[] {
  const [major, low] = min.split('.').map(Number);
  const high = Number(max.split('.')[1]);
  const versions: string[] = [];
  for (let minor = low; minor <= high; minor++) versions.push(`${major}.${minor}`, `${major}.${minor}.99`);
  return versions;
}

function checkPython(python: PythonRequirement, report: Report, config: StacklintConfig): void {
  const { min, max, section } = pythonRange(config);
  const label = python.poetry ? `python = "${python.text}"` : `requires-python = "${python.text}"`;
  const below = lowestAllowedBelow(python.clauses, min);
  if (below) {
    const kept = keptClauses(python.clauses, min);
    const newText = python.poetry && python.text.trim().startsWith('^') ? `^${min}` : [`>=${min}`, ...kept].join(',');
    report({
      range: python.range,
      message: `${label} allows Python ${below}, below the stack's minimum ${min} (${section})`,
      fix: { title: `Require Python ${newText}`, safe: false, edits: [{ range: python.range, newText }] },
    });
  } else if (!supportedPythons(min, max).some((version) => allows(python.clauses, version))) {
    report({ range: python.range, message: `${label} excludes every Python from ${min} to ${max}, the stack's supported versions (${section})` });
  }
}

export default defineDependencyRule({
  meta: {
    id: 'below-stack-version',
    kind: 'dependencies',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: "a specifier that allows a version below the stack's minimum, or a Python outside 3.10–3.12",
    sections: ['§2.1', '§2.3', '§2.4', '§5'],
  },
  check(file: DependencyFile, report, { config }) {
    for (const requirement of file.requirements) checkRequirement(requirement, report, config);
    for (const python of file.pythons) checkPython(python, report, config);
  },
});
