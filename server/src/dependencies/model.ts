import type { LineIndex } from '../core/text';
import type { Range, Severity } from '../core/types';
import type { Marker } from './markers';

/** One clause of a version specifier set, e.g. `>=1.4` (PEP 440 operators). */
export interface Clause {
  operator: string;
  version: string;
  range: Range;
}

/** Where in the file a requirement is declared; decides production vs development. */
export type RequirementSection =
  | 'requirements'
  | 'project'
  | 'optional-dependencies'
  | 'dependency-groups'
  | 'poetry'
  | 'poetry-dev';

/** One declared requirement with the exact source ranges of its parts. */
export interface Requirement {
  /** The name as written, or undefined for a bare path or URL without `#egg=`. */
  name?: string;
  /** PEP 503 normalized name. */
  normalized?: string;
  nameRange: Range;
  extras: string[];
  /** The clauses, already in PEP 440 form (Poetry's `^`/`~` converted). */
  clauses: Clause[];
  /** The specifier text as written (`>=1.4,<3`, `^2.0`); empty when there is none. */
  specifierText: string;
  /** Range of the whole specifier set as written, when there is one. */
  specifierRange?: Range;
  /** The specifier uses Poetry's constraint syntax. */
  poetry?: boolean;
  url?: string;
  editable?: boolean;
  marker?: Marker;
  markerText?: string;
  /** The whole requirement (name to end of marker). */
  range: Range;
  /** The source lines this requirement occupies, for moving or deleting it (requirements files). */
  firstLine: number;
  lastLine: number;
  section: RequirementSection;
  /** Extra name, dependency group or Poetry group; requirements in different groups never clash. */
  group?: string;
  /** True when the declaring file or table is for production use. */
  production: boolean;
  /** Per-requirement options (`--hash=...`) in a requirements file. */
  hashes: number;
}

/** A `-r`/`-c` include in a requirements file. */
export interface Include {
  kind: 'requirement' | 'constraint';
  path: string;
  range: Range;
}

/** `requires-python` or Poetry's `python` constraint. */
export interface PythonRequirement {
  text: string;
  clauses: Clause[];
  range: Range;
  poetry: boolean;
}

/** A line the parser rejects, with pip's (or the TOML parser's) reason. */
export interface Problem {
  message: string;
  range: Range;
  severity: Severity;
}

/** A parsed dependency file (requirements*.txt or pyproject.toml). */
export interface DependencyFile {
  path: string;
  text: string;
  lines: LineIndex;
  kind: 'requirements' | 'pyproject';
  requirements: Requirement[];
  includes: Include[];
  /** `requires-python` and Poetry's `python` (a Poetry 2 project may have both). */
  pythons: PythonRequirement[];
  problems: Problem[];
  /** Production file: requirements.txt, requirements/base.txt, requirements/prod*.txt, pyproject.toml's main dependencies. */
  production: boolean;
  /** The TOML document as smol-toml parsed it (pyproject only), for fixes that edit tables. */
  toml?: Record<string, unknown>;
}
