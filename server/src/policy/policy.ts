import { compare, valid } from '@renovatebot/pep440';
import type { StacklintConfig } from '../core/config';
import { DEPENDENCY_GRAPH, ENVIRONMENT_PACKAGES, STACK_EXTRAS } from './dependencyGraph';
import {
  BANNED_PREFIXES,
  BANNED_ROWS,
  DEV_TOOL_PREFIXES,
  DEV_TOOL_SUFFIXES,
  DEV_TOOLS,
  DISCOURAGED_ROWS,
  REFERENCE_PINS,
  STACK_MINIMUMS,
  STANDARD_ROWS,
  type PolicyRow,
  type PolicyStatus,
} from './table';

export type { PolicyStatus } from './table';

export interface PackageStatus {
  /** The PEP 503 normalized name. */
  name: string;
  status: PolicyStatus;
  /** The section of TECH_STACK.md that decides the status, e.g. `§2.1`. */
  section: string;
  /** What the standard wants instead (display text). */
  replacement?: string;
  /** The single package a "replace" fix installs instead. */
  replaceWith?: string;
  /** The standard library replaces the package: the fix removes the requirement. */
  removeLine?: boolean;
  reason?: string;
  /** The recorded reason when `[tool.stacklint.approved-deviations]` approves the package. */
  approvedReason?: string;
  /** For `transitive`: the standard package that pulls this one in. */
  via?: string;
}

/** PEP 503: runs of `-`, `_`, `.` become one `-`, lower case. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

const ROWS = new Map<string, PolicyRow>([...STANDARD_ROWS, ...BANNED_ROWS, ...DISCOURAGED_ROWS].map((row) => [row.name, row]));

/** For each package reachable from a standard one: the first standard package (in table order) that pulls it in. */
const TRANSITIVE: ReadonlyMap<string, string> = buildTransitive();

function buildTransitive(): Map<string, string> {
  const via = new Map<string, string>();
  for (const root of STANDARD_ROWS) {
    for (const name of closureOf(root.name, STACK_EXTRAS[root.name] ?? [])) {
      if (name !== root.name && !via.has(name)) via.set(name, root.name);
    }
  }
  return via;
}

/**
 * Every package `name` installed with `extras` pulls in, directly or not,
 * including itself (normalized names, without extras). An extra adds only
 * its own requirements: `fastapi` alone does not pull `fastapi[all]`'s.
 */
export function closureOf(name: string, extras: readonly string[] = []): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [requirementKey(name, extras)];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    const [base, extraList] = splitExtras(next);
    packages.add(base);
    queue.push(...(DEPENDENCY_GRAPH[base] ?? []));
    for (const extra of extraList) queue.push(...(DEPENDENCY_GRAPH[`${base}[${extra}]`] ?? []));
  }
  return packages;
}

/** `fastapi[standard]` from a name and its extras, normalized. */
export function requirementKey(name: string, extras: readonly string[] = []): string {
  const normalized = extras.map((extra) => normalizeName(extra)).sort();
  return normalized.length > 0 ? `${normalizeName(name)}[${normalized.join(',')}]` : normalizeName(name);
}

function splitExtras(key: string): [string, string[]] {
  const match = /^([^[]+)(?:\[([^\]]*)\])?$/.exec(key);
  if (!match) return [normalizeName(key), []];
  return [normalizeName(match[1]), (match[2] ?? '').split(',').map((extra) => normalizeName(extra.trim())).filter(Boolean)];
}

function approvedReason(name: string, config: StacklintConfig): string | undefined {
  for (const [key, reason] of Object.entries(config.approvedDeviations)) {
    if (normalizeName(key) === name) return reason;
  }
  return undefined;
}

/** The policy's verdict on one package, with the project's configuration applied. */
export function classify(rawName: string, config: StacklintConfig): PackageStatus {
  const name = normalizeName(rawName);
  const approved = approvedReason(name, config);
  const withApproval = (status: PackageStatus): PackageStatus => (approved === undefined ? status : { ...status, approvedReason: approved });
  if (config.extendAllow.some((allowed) => normalizeName(allowed) === name)) {
    return withApproval({ name, status: 'standard', section: '§1', reason: 'allowed by extend-allow in [tool.stacklint]' });
  }
  const row = ROWS.get(name);
  if (row) {
    const { name: _name, status, ...rest } = row;
    return withApproval({ name, status, ...rest });
  }
  const prefix = BANNED_PREFIXES.find((entry) => name.startsWith(entry.prefix));
  if (prefix) {
    return withApproval({ name, status: 'banned', section: prefix.section, replacement: prefix.replacement, reason: `an extension of ${prefix.prefix.replace(/-$/, '')}` });
  }
  const via = TRANSITIVE.get(name);
  if (via) {
    const root = ROWS.get(via) as PolicyRow;
    return withApproval({ name, status: 'transitive', section: root.section, via, reason: `a dependency of ${via}` });
  }
  if (ENVIRONMENT_PACKAGES.includes(name)) {
    return withApproval({ name, status: 'transitive', section: '§4.4', reason: 'installed in every virtual environment' });
  }
  return withApproval({ name, status: 'unknown', section: '§1, §9', reason: 'not in the standard stack' });
}

/**
 * The standard package among `present` (the requirements of the same file,
 * as names with their extras: `fastapi`, `uvicorn[standard]`) that pulls
 * `name` in, e.g. requests for urllib3: a pinned freeze lists it because the
 * stack needs it, not because the service chose it. Only the extras
 * actually required count.
 */
export function pulledInBy(name: string, present: Iterable<string>): string | undefined {
  const target = normalizeName(name);
  for (const candidate of present) {
    const [other, extras] = splitExtras(candidate);
    if (other === target) continue;
    const status = ROWS.get(other)?.status ?? (TRANSITIVE.has(other) ? 'transitive' : undefined);
    if ((status === 'standard' || status === 'transitive') && closureOf(other, extras).has(target)) return other;
  }
  return undefined;
}

export interface MinimumVersion {
  version: string;
  section: string;
  /** True when `[tool.stacklint.minimum-versions]` raised the stack's minimum. */
  configured: boolean;
}

/**
 * The stack's minimum versions merged with `config.minimumVersions`, which may
 * only raise a minimum (a lower or invalid configured value is ignored).
 */
export function minimumVersions(config: StacklintConfig): Map<string, MinimumVersion> {
  const merged = new Map<string, MinimumVersion>(
    Object.entries(STACK_MINIMUMS).map(([name, entry]) => [name, { ...entry, configured: false }]),
  );
  for (const [rawName, version] of Object.entries(config.minimumVersions)) {
    if (!valid(version)) continue;
    const name = normalizeName(rawName);
    const current = merged.get(name);
    if (current && compare(version, current.version) <= 0) continue;
    merged.set(name, { version, section: current?.section ?? '§10', configured: true });
  }
  return merged;
}

export function minimumVersion(name: string, config: StacklintConfig): MinimumVersion | undefined {
  return minimumVersions(config).get(normalizeName(name));
}

/** §4.4's reference pin for a package, if it has one. */
export function referencePin(name: string): string | undefined {
  return REFERENCE_PINS[normalizeName(name)];
}

export function referencePins(): Readonly<Record<string, string>> {
  return REFERENCE_PINS;
}

/** True for development-only tools (pytest and its plugins, linters, formatters, type stubs). */
export function isDevTool(rawName: string): boolean {
  const name = normalizeName(rawName);
  if (name === 'pytest-cov' || DEV_TOOLS.includes(name)) return true;
  return DEV_TOOL_PREFIXES.some((prefix) => name.startsWith(prefix)) || DEV_TOOL_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** The standard packages, for completion: name, section and reference version. */
export function standardPackages(): { name: string; section: string; reason?: string; reference?: string }[] {
  return STANDARD_ROWS.map((row) => ({ name: row.name, section: row.section, reason: row.reason, reference: REFERENCE_PINS[row.name] }));
}
