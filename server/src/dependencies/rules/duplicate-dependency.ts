/**
 * ## What it does
 * Flags a package listed twice in one dependency list (after PEP 503 name
 * normalization, so `Flask_SQLAlchemy` and `flask-sqlalchemy` are the same)
 * when the environment markers of the two requirements can hold at once. It
 * is reported at the later occurrence. Requirements with disjoint markers
 * (`python_version < "3.11"` and `python_version >= "3.11"`) are fine, and so
 * are different extras or dependency groups of a pyproject.toml, and the
 * same package asked for with different extras and the same version
 * specifier (`sqlalchemy[asyncio]==2.0.23` beside `sqlalchemy[mypy]==2.0.23`),
 * which pip merges into one install.
 *
 * ## Why is this bad?
 * pip merges or rejects the two specifiers depending on its version, and a
 * reader cannot tell which one is meant; an upgrade that edits one line
 * silently keeps the other.
 *
 * ## Example
 * ```text
 * httpx==0.25.0
 * HTTPX>=0.24
 * ```
 *
 * ## Use instead
 * ```text
 * httpx==0.25.0
 * ```
 */
import { markersOverlap } from '../markers';
import type { Requirement } from '../model';
import { defineDependencyRule } from '../rule';
import { lineOf } from './edits';

const listKey = (requirement: Requirement) => `${requirement.section}\u0000${requirement.group ?? ''}\u0000${requirement.normalized}`;

function sameExtras(a: Requirement, b: Requirement): boolean {
  const key = (requirement: Requirement) => [...new Set(requirement.extras.map((extra) => extra.toLowerCase().replace(/[-_.]+/g, '-')))].sort().join(',');
  return key(a) === key(b);
}

function sameSpecifier(a: Requirement, b: Requirement): boolean {
  const key = (requirement: Requirement) => requirement.clauses.map((clause) => `${clause.operator}${clause.version}`).sort().join(',');
  return key(a) === key(b) && a.url === b.url;
}

export default defineDependencyRule({
  meta: {
    id: 'duplicate-dependency',
    kind: 'dependencies',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: false,
    summary: 'the same package twice in one file with overlapping environment markers (other extras with the same versions are fine)',
    sections: ['§4.4'],
  },
  check(file, report) {
    const seen = new Map<string, Requirement[]>();
    for (const requirement of file.requirements) {
      if (!requirement.normalized) continue;
      const key = listKey(requirement);
      const earlier = seen.get(key) ?? [];
      // `sqlalchemy[asyncio]` beside `sqlalchemy[mypy]` (or plain `sqlalchemy`) with the same versions asks for more features, not a second copy.
      const first = earlier.find((other) => markersOverlap(other.marker, requirement.marker) && !(sameSpecifier(other, requirement) && !sameExtras(other, requirement)));
      if (first) {
        report({
          range: requirement.nameRange,
          message: `${requirement.name} is already required on line ${lineOf(first)}${first.marker || requirement.marker ? ' with overlapping markers' : ''}; keep one requirement`,
          related: [{ range: first.nameRange, message: `${first.name} first required here` }],
        });
      }
      seen.set(key, [...earlier, requirement]);
    }
  },
});
