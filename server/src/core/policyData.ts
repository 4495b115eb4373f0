// The stack policy as data: what a policy file (policy/default.toml or a
// team's own) holds once read, and how a file that `extends` another is laid
// over it. Every key is documented in docs/configuration.md and checked by
// policy/policy.schema.json.

/** PEP 503: runs of `-`, `_`, `.` become one `-`, lower case. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

export type RowStatus = 'standard' | 'banned' | 'discouraged';
export const ROW_STATUSES: readonly RowStatus[] = ['standard', 'banned', 'discouraged'];

/** One row of `[packages]`, `[prefixes]` or `[imports]`; a team's row may give only the fields it changes. */
export interface PackageRow {
  status?: RowStatus;
  /** The section of the standard that decides the row, e.g. `§2.1`. */
  section?: string;
  reason?: string;
  /** What the standard wants instead, for messages and hovers. */
  replacement?: string;
  /** The one package a "replace" fix installs instead. */
  replaceWith?: string;
  /** The standard library replaces the package: the fix removes the requirement. */
  remove?: boolean;
  /** Code written for the package works unchanged after the fix; a fix is offered only then. */
  dropIn?: boolean;
  /** The lowest version the stack accepts. */
  minimum?: string;
  /** The reference version a fix proposes (an exact pin). */
  pin?: string;
  /** The extras the stack installs a standard package with (`uvicorn[standard]`): their requirements count as its dependencies. */
  extras?: string[];
}

export interface PolicySections {
  unknown: string;
  allowed: string;
  environment: string;
  upgrades: string;
  pins: string;
}

/** A policy file's content, every part optional (a team file gives only what differs). */
export interface PolicyData {
  /** Absolute path of the standard document the sections refer to. */
  standard?: string;
  environment?: string[];
  python?: { min?: string; max?: string; section?: string };
  sections?: Partial<PolicySections>;
  packages?: Record<string, PackageRow>;
  prefixes?: Record<string, PackageRow>;
  imports?: Record<string, PackageRow>;
  importNames?: Record<string, string>;
  requires?: Record<string, string[]>;
  devTools?: { names?: string[]; prefixes?: string[]; suffixes?: string[] };
}

/** A problem in a policy file: what is wrong and the key path it is about. */
export interface PolicyProblem {
  message: string;
  path: string[];
  /** 1-based line and column from the TOML parser, for syntax errors. */
  at?: { line: number; column: number };
}

function mergeRows(base: Record<string, PackageRow> | undefined, over: Record<string, PackageRow> | undefined): Record<string, PackageRow> | undefined {
  if (!over) return base;
  const merged: Record<string, PackageRow> = { ...base };
  for (const [name, row] of Object.entries(over)) merged[name] = { ...merged[name], ...row };
  return merged;
}

/**
 * `over` laid on `base` (a file that `extends` another): rows merge field by
 * field, so `[packages.fastapi] minimum = "0.110"` keeps the rest of the row;
 * every other key replaces the base's value of that key.
 */
export function mergePolicy(base: PolicyData, over: PolicyData): PolicyData {
  return {
    standard: over.standard ?? base.standard,
    environment: over.environment ?? base.environment,
    python: { ...base.python, ...over.python },
    sections: { ...base.sections, ...over.sections },
    packages: mergeRows(base.packages, over.packages),
    prefixes: mergeRows(base.prefixes, over.prefixes),
    imports: mergeRows(base.imports, over.imports),
    importNames: { ...base.importNames, ...over.importNames },
    requires: { ...base.requires, ...over.requires },
    devTools: { ...base.devTools, ...over.devTools },
  };
}
