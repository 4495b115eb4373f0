import { basename, dirname } from 'node:path';
import type { Finding, Range } from '../core/types';
import { defaultConfig, type StacklintConfig } from '../core/config';
import { locateKey, parseTomlDocument } from '../core/toml';
import { applySettings, type SettingsContext } from './settings';

/** The code of a configuration problem, reported on the pyproject.toml itself. */
export const INVALID_CONFIGURATION = 'invalid-configuration';

export interface ParsedConfigFile {
  path: string;
  /** The file names `[tool.stacklint]` (or could not be read, so defaults stand in for it). */
  hasTable: boolean;
  config: StacklintConfig;
  problems: Finding[];
  /** The TOML itself is broken (syntax error): nothing in it could be read. */
  unparsable?: string;
}

function problemAt(range: Range, message: string): Finding {
  return { rule: INVALID_CONFIGURATION, severity: 'error', message: `Invalid stacklint configuration: ${message}`, range };
}

/**
 * Reads the stacklint settings from a pyproject.toml's text (or, for a file
 * given with --config that is not named pyproject.toml, from its top level,
 * like ruff.toml). Never throws: broken TOML or bad values become problems
 * and the defaults apply.
 */
export function parseConfigText(path: string, text: string, context: SettingsContext): ParsedConfigFile {
  const config: StacklintConfig = { ...defaultConfig(dirname(path)), configFile: path };
  const toml = parseTomlDocument(text);
  const document = toml.value;
  if (!document) {
    const { message, range } = toml.error ?? { message: 'unreadable', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    // A broken pyproject.toml is already reported once, by the dependency rules that lint it.
    const problems = basename(path) === 'pyproject.toml' ? [] : [problemAt(range, `${path} is not valid TOML (${message}); defaults apply`)];
    return { path, hasTable: true, config, problems, unparsable: message };
  }
  const isPyproject = basename(path) === 'pyproject.toml';
  const tool = document.tool;
  const table = tool && typeof tool === 'object' && !Array.isArray(tool) ? (tool as Record<string, unknown>).stacklint : undefined;
  const prefix = ['tool', 'stacklint'];
  if (table === undefined && isPyproject) return { path, hasTable: false, config, problems: [] };
  const settings = table ?? document;
  const keyPrefix = table === undefined ? [] : prefix;
  const problems = applySettings(settings, config, context).map((problem) =>
    problemAt(locateKey(toml, [...keyPrefix, ...problem.path], problem.element), problem.message),
  );
  return { path, hasTable: true, config, problems };
}
