import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Finding } from '../engine/types';
import { defaultConfig, type StacklintConfig } from './config';

/** A configuration the user named explicitly is missing or unreadable: exit code 2. */
export class ConfigError extends Error {}

/** The pyproject.toml nearest above `file`, stopping at `stopAt`. */
export function nearestPyproject(file: string, stopAt?: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, 'pyproject.toml');
    if (existsSync(candidate)) return candidate;
    if (dir === stopAt || dirname(dir) === dir) return undefined;
  }
}

export interface LoadedConfig {
  config: StacklintConfig;
  /** Problems in `[tool.stacklint]`, reported on the pyproject.toml itself; defaults apply. */
  problems: { file: string; finding: Finding }[];
}

/** The configuration for a file: defaults, then the nearest `[tool.stacklint]`. */
export function loadConfigFor(file: string, fallbackRoot: string, explicit?: string): LoadedConfig {
  const pyproject = explicit ?? nearestPyproject(file);
  const root = pyproject ? dirname(pyproject) : fallbackRoot;
  return { config: { ...defaultConfig(root), configFile: pyproject }, problems: [] };
}

/** Loads each folder's configuration once per run. */
export class ConfigCache {
  private readonly byDir = new Map<string, LoadedConfig>();

  constructor(
    private readonly fallbackRoot: string,
    private readonly explicit?: string,
  ) {}

  /** Throws ConfigError when an explicitly named config file cannot be used. */
  check(): void {
    if (this.explicit && !existsSync(this.explicit)) throw new ConfigError(`config file not found: ${this.explicit}`);
  }

  forFile(file: string): LoadedConfig {
    const dir = dirname(file);
    let loaded = this.byDir.get(dir);
    if (!loaded) {
      loaded = loadConfigFor(file, this.fallbackRoot, this.explicit);
      this.byDir.set(dir, loaded);
    }
    return loaded;
  }
}
