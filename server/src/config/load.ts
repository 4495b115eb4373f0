import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readConfigFile, readWorkspaceBytes } from '../core/files';
import type { Finding } from '../core/types';
import { RULES } from '../engine/registry';
import { defaultConfig, type StacklintConfig } from '../core/config';
import { PolicyFiles } from './policyFile';
import { parseConfigText, type ParsedConfigFile } from './pyproject';
import type { SettingsContext } from './settings';

/** A configuration the user named explicitly is missing or unusable: exit code 2. */
export class ConfigError extends Error {}

let context: SettingsContext | undefined;

/** What settings are checked against: the registry's rule ids and the stack's minimums. */
export function settingsContext(): SettingsContext {
  context ??= { ruleIds: new Set(RULES.map((rule) => rule.meta.id)) };
  return context;
}

export interface LoadedConfig {
  config: StacklintConfig;
  /** Problems in `[tool.stacklint]`, reported on the pyproject.toml itself; defaults apply. */
  problems: { file: string; finding: Finding }[];
}

export interface ConfigCacheOptions {
  /** Do not look for pyproject.toml above this folder (the workspace folder in the editor). */
  stopAt?: string;
  /** Text of a file that is open in the editor, which wins over the disk. */
  readText?: (path: string) => string | undefined;
}

/**
 * Finds and parses each pyproject.toml once per run. The settings come from
 * the nearest pyproject.toml with a `[tool.stacklint]` table (like Ruff, a
 * pyproject.toml without one is passed over); globs are relative to its
 * folder. With no such table, the nearest pyproject.toml still sets the root.
 */
export class ConfigCache {
  /** How many configuration files were read from disk (each at most once until clear()). */
  reads = 0;
  private readonly nearestByDir = new Map<string, string | null>();
  private readonly parsed = new Map<string, ParsedConfigFile>();
  private readonly byDir = new Map<string, LoadedConfig>();
  /** One object for every folder without a pyproject.toml: what is memoized per configuration (its cache key, the links of its messages) is then computed once. */
  private fallback?: StacklintConfig;
  /** The policy files the configurations name, read once each, with their problems. */
  readonly policies: PolicyFiles;

  constructor(
    private readonly fallbackRoot: string,
    private readonly explicit?: string,
    private readonly options: ConfigCacheOptions = {},
  ) {
    this.policies = new PolicyFiles(options.readText);
  }

  /** Throws ConfigError when an explicitly named config file cannot be used. */
  check(): void {
    if (!this.explicit) return;
    // Named by the user, so it may live anywhere, but it must be a regular file of sane size.
    const read = readWorkspaceBytes(this.explicit);
    if (!read.ok) throw new ConfigError(read.missing ? `config file not found: ${this.explicit}` : `cannot use ${this.explicit}: ${read.reason}`);
    const file = this.parse(this.explicit);
    if (file.unparsable) throw new ConfigError(`cannot parse ${this.explicit}: ${file.unparsable}`);
    if (file.problems.length > 0) {
      const lines = file.problems.map((p) => `  ${this.explicit}:${p.range.start.line + 1}: ${p.message}`);
      throw new ConfigError(`invalid configuration in ${this.explicit}:\n${lines.join('\n')}`);
    }
  }

  forFile(file: string): LoadedConfig {
    const dir = dirname(file);
    let loaded = this.byDir.get(dir);
    if (!loaded) {
      loaded = this.resolve(dir);
      this.byDir.set(dir, loaded);
    }
    return loaded;
  }

  /** The configuration problems of one pyproject.toml, to report on that file. */
  problemsFor(pyproject: string): Finding[] {
    return existsSync(pyproject) || this.options.readText?.(pyproject) !== undefined ? this.parse(pyproject).problems : [];
  }

  /** Forgets everything read, e.g. when a pyproject.toml changed. */
  clear(): void {
    this.nearestByDir.clear();
    this.parsed.clear();
    this.byDir.clear();
    this.fallback = undefined;
    this.policies.clear();
  }

  /** Every policy file read so far with its problems, to report on that file (empty: fine). */
  policyProblems(): ReadonlyMap<string, Finding[]> {
    return this.policies.files();
  }

  private resolve(dir: string): LoadedConfig {
    if (this.explicit) return withProblems(this.parse(this.explicit));
    const nearest = this.nearestFrom(dir);
    if (!nearest) return { config: (this.fallback ??= defaultConfig(this.fallbackRoot)), problems: [] };
    const first = this.parse(nearest);
    for (let candidate: string | undefined = nearest; candidate; candidate = this.above(candidate)) {
      const file = this.parse(candidate);
      if (file.hasTable) {
        const loaded = withProblems(file);
        // The nearest file's own problems are reported on it even when another file's settings apply.
        if (file !== first) loaded.problems.push(...withProblems(first).problems);
        return loaded;
      }
    }
    return withProblems(first);
  }

  private above(pyproject: string): string | undefined {
    const dir = dirname(pyproject);
    if (dir === this.options.stopAt || dirname(dir) === dir) return undefined;
    return this.nearestFrom(dirname(dir));
  }

  /** The nearest pyproject.toml at or above `dir`, memoized per folder. */
  private nearestFrom(dir: string): string | undefined {
    const known = this.nearestByDir.get(dir);
    if (known !== undefined) return known ?? undefined;
    const candidate = join(dir, 'pyproject.toml');
    let found: string | undefined;
    if (this.options.readText?.(candidate) !== undefined || existsSync(candidate)) found = candidate;
    else if (dir !== this.options.stopAt && dirname(dir) !== dir) found = this.nearestFrom(dirname(dir));
    this.nearestByDir.set(dir, found ?? null);
    return found;
  }

  private parse(path: string): ParsedConfigFile {
    let file = this.parsed.get(path);
    if (!file) {
      file = parseConfigText(path, this.read(path), settingsContext(), this.policies);
      this.parsed.set(path, file);
    }
    return file;
  }

  private read(path: string): string {
    const open = this.options.readText?.(path);
    if (open !== undefined) return open;
    this.reads++;
    // A pyproject.toml must really be in the tree it configures: the workspace folder, or its own folder.
    const root = path === this.explicit ? undefined : (this.options.stopAt ?? dirname(path));
    const read = readConfigFile(path, { root, consequence: 'its settings are ignored and the defaults apply' });
    // Unreadable counts as empty: the defaults apply.
    return read.ok ? read.text : '';
  }
}

function withProblems(file: ParsedConfigFile): LoadedConfig {
  return { config: file.config, problems: file.problems.map((finding) => ({ file: file.path, finding })) };
}
