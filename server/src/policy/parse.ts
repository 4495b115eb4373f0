import { valid as validVersion } from '@renovatebot/pep440';
import { parse, TomlError } from 'smol-toml';
import { normalizeName as normalizePackage, ROW_STATUSES, type PackageRow, type PolicyData, type PolicyProblem, type RowStatus } from '../core/policyData';

import { requirementKey, splitExtras } from '../core/policy';
import { describeTomlValue as describe, isTomlTable as isTable, type TomlTable as Table } from '../core/toml';

export type { PolicyProblem } from '../core/policyData';

export interface ParsedPolicy {
  data: PolicyData;
  /** `extends = "default"` or a path (as written) to the policy this one builds on. */
  extends?: string;
  /** `standard = "..."` as written, relative to the policy file. */
  standard?: string;
  problems: PolicyProblem[];
  /** The TOML itself is broken: nothing in it could be read. */
  unparsable: boolean;
}


const SECTION = /^§\d+(\.\d+)*(, §\d+(\.\d+)*)*$/;
const PACKAGE_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
const PYTHON_VERSION = /^\d+\.\d+$/;
/** A package name with optional extras: `uvicorn`, `fastapi[standard]`. */
const REQUIREMENT_KEY = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])(\[\s*[A-Z0-9][A-Z0-9._-]*(\s*,\s*[A-Z0-9][A-Z0-9._-]*)*\s*\])?$/i;
const ROW_KEYS = ['status', 'section', 'reason', 'replacement', 'replace-with', 'remove', 'drop-in', 'minimum', 'pin', 'extras'];
const TOP_KEYS = ['extends', 'standard', 'environment', 'python', 'sections', 'packages', 'prefixes', 'imports', 'import-names', 'requires', 'dev-tools'];

/**
 * Reads a policy file's TOML. Never throws: a bad key or value is a problem
 * and is left out, so the rest of the file (and the policy it extends) holds.
 */
export function parsePolicyText(text: string): ParsedPolicy {
  const problems: PolicyProblem[] = [];
  let document: Table;
  try {
    document = parse(text);
  } catch (error) {
    const message = error instanceof TomlError ? error.message.split('\n')[0] : String(error);
    const at = error instanceof TomlError ? { line: error.line, column: error.column } : undefined;
    return { data: {}, problems: [{ message: `not valid TOML (${message})`, path: [], at }], unparsable: true };
  }
  const problem = (message: string, path: string[]) => problems.push({ message, path });
  const data: PolicyData = {};
  const result: ParsedPolicy = { data, problems, unparsable: false };
  const string = (value: unknown, path: string[]): string | undefined => {
    if (typeof value === 'string') return value;
    problem(`\`${path.join('.')}\` must be a string, not ${describe(value)}`, path);
    return undefined;
  };
  const strings = (value: unknown, path: string[], check?: (item: string) => boolean): string[] | undefined => {
    if (!Array.isArray(value)) {
      problem(`\`${path.join('.')}\` must be an array of strings, not ${describe(value)}`, path);
      return undefined;
    }
    const bad = value.filter((item) => typeof item !== 'string' || (check && !check(item)));
    if (bad.length > 0) problem(`\`${path.join('.')}\` holds ${bad.map((item) => JSON.stringify(item)).join(', ')}, not valid here; they are ignored`, path);
    return value.filter((item): item is string => typeof item === 'string' && (!check || check(item)));
  };
  const table = (value: unknown, path: string[]): Table | undefined => {
    if (isTable(value)) return value;
    problem(`[${path.join('.')}] must be a table, not ${describe(value)}`, path);
    return undefined;
  };

  for (const [key, value] of Object.entries(document)) {
    switch (key) {
      case 'extends':
        result.extends = string(value, [key]);
        break;
      case 'standard':
        result.standard = string(value, [key]);
        break;
      case 'environment':
        data.environment = strings(value, [key], (name) => PACKAGE_NAME.test(name))?.map(normalizePackage);
        break;
      case 'python':
        data.python = readPython(table(value, [key]), problem);
        break;
      case 'sections':
        data.sections = readSections(table(value, [key]), problem);
        break;
      case 'packages':
      case 'prefixes':
      case 'imports':
        data[key] = readRows(key, table(value, [key]), problem);
        break;
      case 'import-names': {
        const names: Record<string, string> = {};
        for (const [module, distribution] of Object.entries(table(value, [key]) ?? {})) {
          const name = string(distribution, [key, module]);
          if (name !== undefined) names[module] = normalizePackage(name);
        }
        data.importNames = names;
        break;
      }
      case 'requires': {
        const requires: Record<string, string[]> = {};
        for (const [name, pulled] of Object.entries(table(value, [key]) ?? {})) {
          if (!REQUIREMENT_KEY.test(name)) {
            problem(`\`${name}\` in [requires] is not a package name (with optional [extras]); it is ignored`, [key, name]);
            continue;
          }
          const list = strings(pulled, [key, name], (item) => REQUIREMENT_KEY.test(item));
          if (list) requires[requirementKey(...splitExtras(name))] = list.map((item) => requirementKey(...splitExtras(item)));
        }
        data.requires = requires;
        break;
      }
      case 'dev-tools': {
        const tools = table(value, [key]) ?? {};
        data.devTools = {};
        for (const [part, list] of Object.entries(tools)) {
          if (part === 'names' || part === 'prefixes' || part === 'suffixes') data.devTools[part] = strings(list, [key, part])?.map((item) => item.toLowerCase());
          else problem(`unknown key \`${part}\` in [dev-tools] (use names, prefixes, suffixes)`, [key, part]);
        }
        break;
      }
      default:
        problem(`unknown key \`${key}\` (expected one of ${TOP_KEYS.join(', ')})`, [key]);
    }
  }
  return result;
}

type Problem = (message: string, path: string[]) => void;

function readPython(table: Table | undefined, problem: Problem): PolicyData['python'] {
  const python: NonNullable<PolicyData['python']> = {};
  for (const [key, value] of Object.entries(table ?? {})) {
    if (key === 'min' || key === 'max') {
      if (typeof value === 'string' && PYTHON_VERSION.test(value)) python[key] = value;
      else problem(`python.${key} must be a version string such as "3.11"`, ['python', key]);
    } else if (key === 'section') {
      if (typeof value === 'string' && SECTION.test(value)) python.section = value;
      else problem('python.section must be a section such as "§5"', ['python', key]);
    } else problem(`unknown key \`${key}\` in [python] (use min, max, section)`, ['python', key]);
  }
  return python;
}

function readSections(table: Table | undefined, problem: Problem): PolicyData['sections'] {
  const sections: NonNullable<PolicyData['sections']> = {};
  for (const [key, value] of Object.entries(table ?? {})) {
    if (key !== 'unknown' && key !== 'allowed' && key !== 'environment' && key !== 'upgrades' && key !== 'pins') {
      problem(`unknown key \`${key}\` in [sections] (use unknown, allowed, environment, upgrades, pins)`, ['sections', key]);
    } else if (typeof value !== 'string' || !SECTION.test(value)) {
      problem(`sections.${key} must be a section such as "§1" or "§1, §9"`, ['sections', key]);
    } else sections[key] = value;
  }
  return sections;
}

function readRows(kind: 'packages' | 'prefixes' | 'imports', table: Table | undefined, problem: Problem): Record<string, PackageRow> {
  const rows: Record<string, PackageRow> = {};
  for (const [rawName, value] of Object.entries(table ?? {})) {
    const path = [kind, rawName];
    if (kind === 'packages' && !PACKAGE_NAME.test(rawName)) {
      problem(`\`${rawName}\` is not a valid package name; the row is ignored`, path);
      continue;
    }
    if (!isTable(value)) {
      problem(`[${kind}.${rawName}] must be a table, not ${describe(value)}; the row is ignored`, path);
      continue;
    }
    const row = readRow(value, path, problem);
    if (row) rows[kind === 'packages' ? normalizePackage(rawName) : rawName] = row;
  }
  return rows;
}

function readRow(value: Table, path: string[], problem: Problem): PackageRow | undefined {
  const row: PackageRow = {};
  let broken = false;
  const bad = (key: string, message: string) => {
    problem(`${path.join('.')}.${key} ${message}; the row is ignored`, [...path, key]);
    broken = true;
  };
  for (const [key, field] of Object.entries(value)) {
    switch (key) {
      case 'status':
        if (ROW_STATUSES.includes(field as RowStatus)) row.status = field as RowStatus;
        else bad(key, `must be one of ${ROW_STATUSES.join(', ')}`);
        break;
      case 'section':
        if (typeof field === 'string' && SECTION.test(field)) row.section = field;
        else bad(key, 'must be a section such as "§2.1"');
        break;
      case 'reason':
      case 'replacement':
        if (typeof field === 'string' && field.trim() !== '') row[key] = field;
        else bad(key, 'must be a non-empty string');
        break;
      case 'replace-with':
        if (typeof field === 'string' && PACKAGE_NAME.test(field)) row.replaceWith = normalizePackage(field);
        else bad(key, 'must be a package name');
        break;
      case 'remove':
      case 'drop-in':
        if (typeof field === 'boolean') row[key === 'remove' ? 'remove' : 'dropIn'] = field;
        else bad(key, 'must be true or false');
        break;
      case 'extras':
        if (Array.isArray(field) && field.every((extra) => typeof extra === 'string' && PACKAGE_NAME.test(extra))) row.extras = field.map((extra) => normalizePackage(extra));
        else bad(key, 'must be an array of extra names');
        break;
      case 'minimum':
      case 'pin':
        if (typeof field === 'string' && validVersion(field)) row[key] = field;
        else bad(key, 'must be a PEP 440 version such as "2.0"');
        break;
      default:
        bad(key, `is not a row key (use ${ROW_KEYS.join(', ')})`);
    }
  }
  return broken ? undefined : row;
}
