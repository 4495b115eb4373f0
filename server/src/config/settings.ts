import { policyOf } from '../policy/default';
import { isAbsolute, resolve } from 'node:path';
import { valid as validVersion, lt as versionLessThan } from '@renovatebot/pep440';
import type { StacklintConfig, SeveritySetting } from '../core/config';
import { SEVERITY_SETTINGS } from '../core/types';
import { describeTomlValue as describe, isTomlTable as isTable, type TomlTable as Table } from '../core/toml';

/** A problem in `[tool.stacklint]`: what is wrong, and the key path (below tool.stacklint) it is about. */
export interface SettingsProblem {
  message: string;
  path: string[];
  /** The offending array item or value, to point at it in the text. */
  element?: string;
}

export interface SettingsContext {
  /** Every rule id the registry knows. */
  ruleIds: ReadonlySet<string>;
}

const SEVERITY_VALUES: readonly SeveritySetting[] = SEVERITY_SETTINGS;
const PACKAGE_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** PEP 503 normalization, so `Mongo_Engine` in the config matches `mongo-engine` in a requirement. */
export function normalizePackage(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}


/**
 * Reads a `[tool.stacklint]` table into `config` key by key. A bad key or value
 * is a problem and leaves that part at its default; nothing here throws.
 */
export function applySettings(table: unknown, config: StacklintConfig, context: SettingsContext): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (!isTable(table)) {
    problems.push({ message: `[tool.stacklint] must be a table, not ${describe(table)}; defaults apply`, path: [] });
    return problems;
  }
  const problem = (message: string, path: string[], element?: string) => problems.push({ message, path, element });

  const strings = (key: string, check?: (item: string) => string | undefined): string[] | undefined => {
    const value = table[key];
    if (!Array.isArray(value)) {
      problem(`\`${key}\` must be an array of strings, not ${describe(value)}; the default applies`, [key]);
      return undefined;
    }
    const items: string[] = [];
    for (const item of value) {
      if (typeof item !== 'string') {
        problem(`\`${key}\` must hold strings, not ${describe(item)}; the item is ignored`, [key]);
        continue;
      }
      const error = check?.(item);
      if (error) problem(error, [key], item);
      else items.push(item);
    }
    return items;
  };
  const subTable = (key: string): Table | undefined => {
    const value = table[key];
    if (isTable(value)) return value;
    problem(`[tool.stacklint.${key}] must be a table, not ${describe(value)}; the default applies`, [key]);
    return undefined;
  };
  const ruleId = (key: string) => (id: string) =>
    context.ruleIds.has(id) ? undefined : `unknown rule \`${id}\` in \`${key}\`; it is ignored`;
  const packageName = (key: string) => (name: string) =>
    PACKAGE_NAME.test(name) ? undefined : `\`${name}\` in \`${key}\` is not a valid package name; it is ignored`;

  for (const key of Object.keys(table)) {
    const readSubTable = SUB_TABLE_READERS.get(key);
    if (readSubTable) {
      readSubTable(subTable(key), config, problem, context);
      continue;
    }
    switch (key) {
      case 'disable':
        config.disable = strings(key, ruleId(key)) ?? config.disable;
        break;
      case 'tests':
        config.tests = strings(key) ?? config.tests;
        break;
      case 'exclude':
        config.exclude = strings(key) ?? config.exclude;
        break;
      case 'extend-allow':
        config.extendAllow = (strings(key, packageName(key)) ?? []).map(normalizePackage);
        break;
      case 'policy': {
        // Relative to the pyproject.toml's folder (config.root), or absolute for a file shared by repositories.
        const value = table[key];
        if (typeof value === 'string' && value.trim() !== '') config.policyFile = isAbsolute(value) ? value : resolve(config.root, value);
        else problem(`\`policy\` must be the path of a policy file, not ${describe(value)}; the default policy applies`, [key]);
        break;
      }
      case 'unsafe-fixes':
        if (typeof table[key] === 'boolean') config.unsafeFixes = table[key] as boolean;
        else problem(`\`unsafe-fixes\` must be true or false, not ${describe(table[key])}; the default (false) applies`, [key]);
        break;
      default:
        problem(`unknown key \`${key}\` in [tool.stacklint]; it is ignored`, [key]);
    }
  }
  return problems;
}

type Problem = (message: string, path: string[], element?: string) => void;

/** Reads one [tool.stacklint.<key>] table (undefined when the key holds no table) into the configuration. */
type SubTableReader = (table: Table | undefined, config: StacklintConfig, problem: Problem, context: SettingsContext) => void;

/** A Map, not an object: a key such as `constructor` must not find a reader. */
const SUB_TABLE_READERS = new Map<string, SubTableReader>([
  ['severity', readSeverity],
  ['per-file-ignores', readPerFileIgnores],
  ['approved-deviations', readApprovedDeviations],
  ['minimum-versions', readMinimumVersions],
  ['python', readPython],
  ['bare-except', readBareExcept],
]);

function readSeverity(table: Table | undefined, config: StacklintConfig, problem: Problem, context: SettingsContext): void {
  if (!table) return;
  for (const [id, value] of Object.entries(table)) {
    if (!context.ruleIds.has(id)) problem(`unknown rule \`${id}\` in [tool.stacklint.severity]; it is ignored`, ['severity', id]);
    else if (typeof value !== 'string' || !SEVERITY_VALUES.includes(value as SeveritySetting)) {
      problem(`severity of \`${id}\` must be one of ${SEVERITY_VALUES.join(', ')}; the default applies`, ['severity', id]);
    } else config.severity[id] = value as SeveritySetting;
  }
}

function readPerFileIgnores(table: Table | undefined, config: StacklintConfig, problem: Problem, context: SettingsContext): void {
  if (!table) return;
  for (const [glob, value] of Object.entries(table)) {
    const path = ['per-file-ignores', glob];
    if (!Array.isArray(value)) {
      problem(`per-file-ignores for "${glob}" must be an array of rule ids, not ${describe(value)}; it is ignored`, path);
      continue;
    }
    const ids: string[] = [];
    for (const id of value) {
      if (typeof id !== 'string') problem(`per-file-ignores for "${glob}" must hold rule ids, not ${describe(id)}`, path);
      else if (id !== 'all' && !context.ruleIds.has(id)) problem(`unknown rule \`${id}\` in per-file-ignores; it is ignored`, path, id);
      else ids.push(id);
    }
    config.perFileIgnores[glob] = ids;
  }
}

function readApprovedDeviations(table: Table | undefined, config: StacklintConfig, problem: Problem): void {
  if (!table) return;
  for (const [name, reason] of Object.entries(table)) {
    const path = ['approved-deviations', name];
    if (!PACKAGE_NAME.test(name)) problem(`\`${name}\` is not a valid package name; the deviation is ignored`, path);
    else if (typeof reason !== 'string' || reason.trim() === '') {
      // §1: a deviation needs its architectural approval written down.
      problem(`approved deviation \`${name}\` needs its reason as a non-empty string (e.g. the ADR); it is ignored`, path);
    } else config.approvedDeviations[normalizePackage(name)] = reason;
  }
}

function readMinimumVersions(table: Table | undefined, config: StacklintConfig, problem: Problem): void {
  if (!table) return;
  for (const [name, version] of Object.entries(table)) {
    const path = ['minimum-versions', name];
    // Whether it lowers the policy's minimum is checked once the policy is known (checkMinimumVersions).
    if (typeof version !== 'string' || !validVersion(version)) {
      problem(`minimum version of \`${name}\` must be a PEP 440 version string such as "1.2"; it is ignored`, path);
    } else config.minimumVersions[normalizePackage(name)] = version;
  }
}

/** Drops configured minimums below the policy's own: a project may raise a minimum, never lower it. */
export function checkMinimumVersions(config: StacklintConfig): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const [name, version] of Object.entries(config.minimumVersions)) {
    const row = policyOf(config).rows.get(name);
    if (row?.minimum && versionLessThan(version, row.minimum)) {
      problems.push({
        message: `minimum version ${version} of \`${name}\` is below the stack's ${row.minimum} (${row.section}); a project may raise a minimum, never lower it`,
        path: ['minimum-versions', name],
      });
      delete config.minimumVersions[name];
    }
  }
  return problems;
}

function readPython(table: Table | undefined, config: StacklintConfig, problem: Problem): void {
  if (!table) return;
  const range: StacklintConfig['python'] = {};
  for (const [key, value] of Object.entries(table)) {
    if (key !== 'min' && key !== 'max') {
      problem(`unknown key \`${key}\` in [tool.stacklint.python] (use min and max)`, ['python', key]);
    } else if (typeof value !== 'string' || !/^\d+\.\d+$/.test(value)) {
      problem(`python.${key} must be a version string such as "3.11"; the default applies`, ['python', key]);
    } else range[key] = value;
  }
  config.python = range;
}

function readBareExcept(table: Table | undefined, config: StacklintConfig, problem: Problem): void {
  if (!table) return;
  for (const [key, value] of Object.entries(table)) {
    if (key !== 'allow-reraise') problem(`unknown key \`${key}\` in [tool.stacklint.bare-except] (use allow-reraise)`, ['bare-except', key]);
    else if (typeof value !== 'boolean') problem(`bare-except.allow-reraise must be true or false; the default (true) applies`, ['bare-except', key]);
    else config.bareExcept = { allowReraise: value };
  }
}

/** Drops a `[tool.stacklint.python]` range that is upside down once laid over the policy's. */
export function checkPythonRange(config: StacklintConfig): SettingsProblem[] {
  const { min, max } = { ...policyOf(config).python, ...config.python };
  if (!versionLessThan(max, min)) return [];
  config.python = {};
  return [{ message: `python.min ${min} is above python.max ${max}; the policy's ${policyOf(config).python.min}–${policyOf(config).python.max} applies`, path: ['python'] }];
}
