/**
 * ## What it does
 * Flags a requirement whose package the stack's policy bans (flask, django,
 * pytz, pymongo, marshmallow, urllib3, ...), discourages in favour of a stack
 * choice (aiohttp → httpx, pylint → ruff, ...), or does not know at all.
 *
 * ## Why is this bad?
 * Every service on the standard stack is cheaper to run, review and staff.
 * The standard says to deviate only with explicit architectural approval (§1,
 * §9). Banned and discouraged packages are warnings; unknown packages are
 * information, since they may be fine once approved. Packages the standard
 * packages pull in (starlette, anyio, ...) are allowed, and a banned package
 * pinned in a freeze file beside the standard package that needs it (urllib3
 * beside requests) is not reported; only the extras a requirement names
 * count (`orjson` beside plain `fastapi` is reported, beside `fastapi[all]`
 * it is not). A pin that pip-compile annotates `# via <package>` is not
 * reported when that package is on the stack (`pytz==2023.3  # via celery`),
 * unless the annotation also names a `-r` input file, which means the
 * author asked for it.
 *
 * ## Example
 * ```text
 * flask==2.3.3
 * pytz==2023.3
 * ```
 *
 * ## Use instead
 * ```text
 * fastapi==0.104.0
 * ```
 * Or record the approval in pyproject.toml:
 * ```toml
 * [tool.stacklint.approved-deviations]
 * flask = "ADR-007: legacy admin tool, retiring in Q3"
 * ```
 */
import { policyOf } from '../../policy/default';
import { isExactPin } from '../pep440';
import type { DependencyFile, Requirement } from '../model';
import type { StacklintConfig } from '../../core/config';
import type { Fix } from '../../core/types';
import { classify, minimumVersion, pulledInBy, referencePin, requirementKey, type PackageStatus } from '../../policy/policy';
import { viaAnnotation } from '../via';
import { defineDependencyRule } from '../rule';
import { approveDeviationFix } from './approve';
import { deleteRequirement, replaceRequirement } from './edits';

function message(requirement: Requirement, status: PackageStatus, config: StacklintConfig): string {
  const name = requirement.name ?? status.name;
  if (status.status === 'banned') {
    return `${name} is banned by the stack${status.reason ? ` (${status.reason})` : ''}; use ${status.replacement} (${status.section})`;
  }
  if (status.status === 'discouraged') return `${name} is discouraged: the stack uses ${status.replacement} (${status.section})`;
  return `${name} is not in the standard stack; adding it needs architectural approval (${policyOf(config).sections.unknown})`;
}

/**
 * The fix for an off-stack requirement, only where the policy marks the
 * replacement a drop-in (code written for the old package works with the
 * new one): otherwise swapping names breaks the service. A pinned line stays
 * pinned, to the policy's reference pin, and the title says the pin changes;
 * without a reference pin a pinned line gets no fix.
 */
function replacementFix(file: DependencyFile, requirement: Requirement, status: PackageStatus, config: StacklintConfig): Fix | undefined {
  if (status.dropIn !== true) return undefined;
  if (status.removeLine) {
    const edit = deleteRequirement(file, requirement);
    return edit && { title: `Remove ${requirement.name} (the standard library replaces it: ${status.replacement})`, safe: false, edits: [edit] };
  }
  const target = status.replaceWith;
  // Hashes pin the old package's files; a swapped name would fail pip's hash check.
  if (!target || requirement.hashes > 0) return undefined;
  // With the replacement already in the same list, replacing would duplicate it: remove instead.
  const listed = file.requirements.some((other) => other.normalized === target && other.section === requirement.section && other.group === requirement.group);
  if (listed) {
    const edit = deleteRequirement(file, requirement);
    return edit && { title: `Remove ${requirement.name} (${target} is already required)`, safe: false, edits: [edit] };
  }
  // Poetry extras name features of the old package; carrying them over would be wrong.
  if (requirement.poetry && requirement.extras.length > 0) return undefined;
  const pinned = isExactPin(requirement.clauses);
  const reference = referencePin(target, config);
  if (pinned && !reference) return undefined;
  const floor = minimumVersion(target, config)?.version ?? reference;
  let specifier = '';
  let poetrySpecifier = '*';
  if (pinned && reference) {
    specifier = `==${reference}`;
    poetrySpecifier = reference;
  } else if (requirement.clauses.length > 0 && floor) {
    specifier = `>=${floor}`;
    poetrySpecifier = `>=${floor}`;
  }
  const edits = replaceRequirement(file, requirement, target, specifier, poetrySpecifier);
  const written = `${requirement.name}${requirement.poetry ? ` ${requirement.specifierText.trim()}` : requirement.specifierText}`;
  const title = pinned ? `Replace ${written} with ${target}==${reference} (changes what this file pins)` : `Replace ${requirement.name} with ${target}`;
  return edits && { title, safe: false, edits };
}

/**
 * True when a pip-compile `# via` list names only packages (no `-r` file of
 * the author's own) and at least one of them is standard or pulled in by
 * the stack.
 */
function isPulledInByStack(via: readonly string[], config: StacklintConfig): boolean {
  if (via.length === 0 || via.some((entry) => entry.startsWith('-'))) return false;
  return via.some((entry) => {
    const bracket = entry.indexOf('[');
    const status = classify(bracket < 0 ? entry : entry.slice(0, bracket), config);
    return status.status === 'standard' || status.status === 'transitive' || status.approvedReason !== undefined;
  });
}

export default defineDependencyRule({
  meta: {
    id: 'off-stack-dependency',
    kind: 'dependencies',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: 'a requirement on a package the policy bans, discourages, or does not know',
    sections: ['§1', '§2', '§3', '§4', '§9'],
  },
  check(file, report, { config, workspace }) {
    // Each requirement with the extras it asks for: `fastapi` alone pulls in less than `fastapi[all]`.
    const present = file.requirements.flatMap((requirement) => (requirement.normalized ? [requirementKey(requirement.normalized, requirement.extras)] : []));
    for (const requirement of file.requirements) {
      if (!requirement.name) continue;
      const status = classify(requirement.name, config);
      if (status.approvedReason !== undefined || status.status === 'standard' || status.status === 'transitive') continue;
      const pinned = file.kind === 'requirements' && isExactPin(requirement.clauses);
      // A freeze pins what the stack itself pulls in (urllib3 for requests): not the service's choice.
      if (pinned && status.status !== 'unknown' && pulledInBy(status.name, present, config)) continue;
      // pip-compile says which packages need the pin (`pytz==2023.3  # via celery`): trusted when they are on the stack.
      if (pinned && isPulledInByStack(viaAnnotation(file, requirement), config)) continue;
      const approve = approveDeviationFix(file, status.name, config, workspace);
      report({
        range: requirement.nameRange,
        message: message(requirement, status, config),
        severity: status.status === 'unknown' ? 'information' : 'warning',
        fix: status.status === 'unknown' ? undefined : replacementFix(file, requirement, status, config),
        alternatives: approve ? [approve] : undefined,
      });
    }
  },
});
