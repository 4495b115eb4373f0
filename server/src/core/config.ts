import picomatch from 'picomatch';
import type { Severity } from './types';
import type { Policy } from './policy';

export type SeveritySetting = Severity | 'off';

/**
 * The settings every rule and front end reads, merged from defaults,
 * `[tool.stacklint]` and editor settings. Parsed in one place (see loadConfig)
 * and passed down; rules never read files or settings themselves.
 */
export interface StacklintConfig {
  /** The folder globs are relative to: the pyproject.toml's folder or the workspace. */
  root: string;
  disable: string[];
  severity: Record<string, SeveritySetting>;
  tests: string[];
  exclude: string[];
  extendAllow: string[];
  approvedDeviations: Record<string, string>;
  minimumVersions: Record<string, string>;
  /** `[tool.stacklint.python]`: overrides the policy's supported Python range (see pythonRange). */
  python: { min?: string; max?: string };
  perFileIgnores: Record<string, string[]>;
  /** `[tool.stacklint.bare-except]`: `allow-reraise = false` also flags handlers that re-raise with a bare `raise`. */
  bareExcept: { allowReraise: boolean };
  /** `unsafe-fixes = true`: `--fix` and fix-all apply unsafe fixes too (Ruff's key). */
  unsafeFixes: boolean;
  /** The stack policy in force when a policy file is named (config/policyFile); absent: the default (policy/default.ts policyOf). */
  policy?: Policy;
  /** The policy file named by `policy = "..."`, resolved to an absolute path. */
  policyFile?: string;
  /** The pyproject.toml the project settings came from, if any. */
  configFile?: string;
}

export const DEFAULT_TEST_GLOBS = ['**/test_*.py', '**/*_test.py', '**/conftest.py', '**/tests/**', '**/test/**'];

export function defaultConfig(root: string): StacklintConfig {
  return {
    root,
    disable: [],
    severity: {},
    tests: [...DEFAULT_TEST_GLOBS],
    exclude: [],
    extendAllow: [],
    approvedDeviations: {},
    minimumVersions: {},
    python: {},
    perFileIgnores: {},
    bareExcept: { allowReraise: true },
    unsafeFixes: false,
  };
}

const matchers = new Map<string, (path: string) => boolean>();

/** Matches a root-relative, slash-separated path against globs, compiling each glob once. */
export function matchesAny(relativePath: string, globs: readonly string[]): boolean {
  return globs.some((glob) => {
    let matcher = matchers.get(glob);
    if (!matcher) {
      // As in Ruff, a pattern without a slash (`__init__.py`) matches the file name anywhere.
      matcher = picomatch(glob, { dot: true, basename: !glob.includes('/') });
      matchers.set(glob, matcher);
    }
    return matcher(relativePath);
  });
}

/**
 * The configuration with the editor's per-rule severity settings applied on
 * top: VS Code settings win over `[tool.stacklint]` (interfaces.md).
 */
export function withEditorSeverity(config: StacklintConfig, severity: Readonly<Record<string, SeveritySetting>>): StacklintConfig {
  if (Object.keys(severity).length === 0) return config;
  return { ...config, severity: { ...config.severity, ...severity } };
}
