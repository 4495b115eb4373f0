import { compare, valid } from '@renovatebot/pep440';
import type { StacklintConfig } from '../core/config';
import { normalizeName } from '../core/policyData';
import { splitExtras, type Row } from '../core/policy';
import { policyOf } from './default';

export { normalizeName } from '../core/policyData';

export type PolicyStatus = 'standard' | 'transitive' | 'banned' | 'discouraged' | 'unknown';

export interface PackageStatus {
  /** The PEP 503 normalized name. */
  name: string;
  status: PolicyStatus;
  /** The section of the standard that decides the status, e.g. `§2.1`. */
  section: string;
  /** What the standard wants instead (display text). */
  replacement?: string;
  /** The single package a "replace" fix installs instead. */
  replaceWith?: string;
  /** The standard library replaces the package: the fix removes the requirement. */
  removeLine?: boolean;
  /** The policy marks the replacement (or removal) a drop-in: only then is a fix offered. */
  dropIn?: boolean;
  reason?: string;
  /** The recorded reason when `[tool.stacklint.approved-deviations]` approves the package. */
  approvedReason?: string;
  /** For `transitive`: the standard package that pulls this one in. */
  via?: string;
}

/** A policy row as a verdict: the row's fields under the names rules read. */
export function rowStatus(name: string, row: Row): PackageStatus {
  const status: PackageStatus = { name, status: row.status, section: row.section };
  if (row.replacement !== undefined) status.replacement = row.replacement;
  if (row.replaceWith !== undefined) status.replaceWith = row.replaceWith;
  if (row.remove) status.removeLine = true;
  if (row.dropIn !== undefined) status.dropIn = row.dropIn;
  if (row.reason !== undefined) status.reason = row.reason;
  return status;
}

/** Every package `name` (with `extras`) pulls in according to the policy, directly or not, including itself. */
export function closureOf(name: string, config: StacklintConfig, extras: readonly string[] = []): Set<string> {
  return policyOf(config).closureOf(normalizeName(name), extras);
}

export { requirementKey } from '../core/policy';

function approvedReason(name: string, config: StacklintConfig): string | undefined {
  for (const [key, reason] of Object.entries(config.approvedDeviations)) {
    if (normalizeName(key) === name) return reason;
  }
  return undefined;
}

/** The policy's verdict on one package, with the project's configuration applied. */
export function classify(rawName: string, config: StacklintConfig): PackageStatus {
  const policy = policyOf(config);
  const name = normalizeName(rawName);
  const approved = approvedReason(name, config);
  const withApproval = (status: PackageStatus): PackageStatus => (approved === undefined ? status : { ...status, approvedReason: approved });
  if (config.extendAllow.some((allowed) => normalizeName(allowed) === name)) {
    return withApproval({ name, status: 'standard', section: policy.sections.allowed, reason: 'allowed by extend-allow in [tool.stacklint]' });
  }
  const row = policy.rows.get(name);
  if (row) return withApproval(rowStatus(name, row));
  const prefix = policy.prefixes.find((entry) => name.startsWith(entry.name));
  if (prefix) {
    return withApproval({ ...rowStatus(name, prefix), reason: prefix.reason ?? `an extension of ${prefix.name.replace(/-$/, '')}` });
  }
  const via = policy.transitive.get(name);
  if (via) {
    const root = policy.rows.get(via) as Row;
    return withApproval({ name, status: 'transitive', section: root.section, via, reason: `a dependency of ${via}` });
  }
  if (policy.environment.includes(name)) {
    return withApproval({ name, status: 'transitive', section: policy.sections.environment, reason: 'installed in every virtual environment' });
  }
  return withApproval({ name, status: 'unknown', section: policy.sections.unknown, reason: 'not in the standard stack' });
}

/**
 * The standard package among `present` (the requirements of the same file,
 * as names with their extras: `fastapi`, `uvicorn[standard]`) that pulls
 * `name` in, e.g. requests for urllib3: a pinned freeze lists it because the
 * stack needs it, not because the service chose it. Only the extras
 * actually required count.
 */
export function pulledInBy(name: string, present: Iterable<string>, config: StacklintConfig): string | undefined {
  const policy = policyOf(config);
  const target = normalizeName(name);
  for (const candidate of present) {
    const [other, extras] = splitExtras(candidate);
    if (other === target) continue;
    const status = policy.rows.get(other)?.status ?? (policy.transitive.has(other) ? 'transitive' : undefined);
    if ((status === 'standard' || status === 'transitive') && policy.closureOf(other, extras).has(target)) return other;
  }
  return undefined;
}

export interface MinimumVersion {
  version: string;
  section: string;
  /** True when `[tool.stacklint.minimum-versions]` raised the policy's minimum. */
  configured: boolean;
}

/**
 * The policy's minimum versions merged with `config.minimumVersions`, which
 * may only raise a minimum (a lower or invalid configured value is ignored).
 */
export function minimumVersions(config: StacklintConfig): Map<string, MinimumVersion> {
  const merged = new Map<string, MinimumVersion>();
  for (const row of policyOf(config).rows.values()) {
    if (row.minimum) merged.set(row.name, { version: row.minimum, section: row.section, configured: false });
  }
  for (const [rawName, version] of Object.entries(config.minimumVersions)) {
    if (!valid(version)) continue;
    const name = normalizeName(rawName);
    const current = merged.get(name);
    if (current && compare(version, current.version) <= 0) continue;
    merged.set(name, { version, section: current?.section ?? policyOf(config).sections.upgrades, configured: true });
  }
  return merged;
}

export function minimumVersion(name: string, config: StacklintConfig): MinimumVersion | undefined {
  return minimumVersions(config).get(normalizeName(name));
}

/** The policy's reference pin for a package (§4.4 in the default), if it has one. */
export function referencePin(name: string, config: StacklintConfig): string | undefined {
  return policyOf(config).rows.get(normalizeName(name))?.pin;
}

/** True for development-only tools (pytest and its plugins, linters, formatters, type stubs). */
export function isDevTool(rawName: string, config: StacklintConfig): boolean {
  const { names, prefixes, suffixes } = policyOf(config).devTools;
  const name = normalizeName(rawName);
  return names.includes(name) || prefixes.some((prefix) => name.startsWith(prefix)) || suffixes.some((suffix) => name.endsWith(suffix));
}

/** The standard packages, for completion: name, section and reference version. */
export function standardPackages(config: StacklintConfig): { name: string; section: string; reason?: string; reference?: string }[] {
  return [...policyOf(config).rows.values()]
    .filter((row) => row.status === 'standard')
    .map((row) => ({ name: row.name, section: row.section, reason: row.reason, reference: row.pin }));
}

/** The supported Python range: the policy's, with `[tool.stacklint.python]` on top (a contradictory override is ignored). */
export function pythonRange(config: StacklintConfig): { min: string; max: string; section: string } {
  const merged = { ...policyOf(config).python, ...config.python };
  return compare(merged.max, merged.min) < 0 ? policyOf(config).python : merged;
}
