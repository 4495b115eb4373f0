import { basename, dirname } from 'node:path';
import type { Finding, Range } from '../core/types';
import { defaultConfig, type StacklintConfig } from '../core/config';
import { locateKey, parseTomlDocument } from '../core/toml';
import { PolicyFiles } from './policyFile';
import { INVALID_CONFIGURATION } from './problems';
import { applySettings, checkMinimumVersions, checkPythonRange, type SettingsContext } from './settings';

export { INVALID_CONFIGURATION } from './problems';

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
export function parseConfigText(path: string, text: string, context: SettingsContext, policies: PolicyFiles = new PolicyFiles()): ParsedConfigFile {
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
  const settingsProblems = applySettings(settings, config, context);
  if (config.policyFile) {
    const loaded = policies.load(config.policyFile);
    config.policy = loaded.policy;
    if (loaded.failure) settingsProblems.push({ message: `policy: ${loaded.failure}; the default policy applies`, path: ['policy'] });
  }
  settingsProblems.push(...checkMinimumVersions(config), ...checkPythonRange(config));
  const problems = settingsProblems
    .map((problem) => problemAt(locateKey(toml, [...keyPrefix, ...problem.path], problem.element), problem.message))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { path, hasTable: true, config, problems };
}
