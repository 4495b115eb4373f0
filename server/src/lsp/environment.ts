import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { EditorSettingsCache } from './editorSettings';
import type { Linter } from './linter';
import type { Log } from './log';
import { fileUri } from './paths';

/** stacklint's own version, from the manifest bundled next to the server. */
export const SERVER_VERSION: string = require('../../../package.json').version;

/** `stacklint.configuration` as an absolute path: `~` and `${workspaceFolder}` expanded, relative to the folder. */
export function resolveConfigurationPath(setting: string, folder: string): string {
  const expanded = setting.replace(/\$\{workspaceFolder\}/g, folder).replace(/^~(?=$|[\\/])/, homedir());
  return isAbsolute(expanded) ? expanded : resolve(folder, expanded);
}

/**
 * Reads each folder's `stacklint.configuration` and the log level, drops the
 * configuration caches, and logs what the server now works with: its version,
 * Node's, each workspace folder and the configuration and policy it uses.
 */
export async function loadEnvironment(settings: EditorSettingsCache, linter: Linter, folders: string[], log: Log, why: string): Promise<void> {
  const windowSettings = await settings.get(folders[0] ? fileUri(folders[0]) : '');
  log.level = windowSettings.logLevel;
  linter.configs.explicit.clear();
  for (const folder of folders) {
    const { configuration } = await settings.get(fileUri(folder));
    if (!configuration) continue;
    const path = resolveConfigurationPath(configuration, folder);
    if (existsSync(path) && statSync(path).isFile()) linter.configs.explicit.set(folder, path);
    else log.warn(`stacklint.configuration for ${folder} names ${path}, which is not a file; using the nearest pyproject.toml instead`);
  }
  linter.configs.reset();
  const lines: string[] = [];
  if (folders.length === 0) lines.push('no workspace folder: files are linted with their nearest pyproject.toml');
  for (const folder of folders) {
    const explicit = linter.configs.explicit.get(folder);
    const config = linter.configs.forFile(join(folder, '__init__.py')).config;
    const source = explicit ? `${explicit} (stacklint.configuration)` : (config.configFile ?? 'defaults (no pyproject.toml with [tool.stacklint])');
    lines.push(`workspace folder ${folder}: configuration ${source}`);
  }
  lines.push('policy: the built-in standard stack (TECH_STACK.md tables), no policy file');
  // A settings change that changes none of this (most do not) is not logged again.
  if (why !== 'start' && logged.get(log) === lines.join('\n')) return;
  logged.set(log, lines.join('\n'));
  log.info(`stacklint ${SERVER_VERSION} on Node ${process.version} (${why})`);
  for (const line of lines) log.info(line);
}

/** What each server last logged about its environment. */
const logged = new WeakMap<Log, string>();
