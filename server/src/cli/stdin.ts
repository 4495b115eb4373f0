import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigCache } from '../config/load';
import { decodeSource } from '../core/decode';
import { fileKind, lintText } from '../engine/lint';
import { LineIndex } from '../core/text';
import { sectionLinks } from '../config/standard';
import { type CliFinding, ColumnMapper, toCliFinding } from './format';
import type { FixOptions } from './lintFile';

export interface StdinResult {
  findings: CliFinding[];
  /** The decoded text, for fingerprinting against a baseline. */
  text: string;
  path: string;
}

/**
 * Lints standard input as if it were the file `name` (relative to the cwd):
 * the same kind, configuration, per-file ignores and test globs apply, and
 * findings are shown under `name`, so an editor or hook gets what a lint of
 * the saved file would print.
 */
export function lintStdin(name: string, explicitConfig: string | undefined, cwd: string, { unsafeFixes, sections }: Pick<FixOptions, 'unsafeFixes' | 'sections'>): StdinResult {
  const path = resolve(cwd, name);
  const bytes = readFileSync(0);
  if (!fileKind(path)) {
    process.stderr.write(`stacklint: ${name} is not a Python or dependency file; nothing to lint\n`);
    return { findings: [], text: '', path };
  }
  const decoded = decodeSource(bytes, fileKind(path) === 'python');
  if (!decoded.ok) {
    process.stderr.write(`stacklint: ${name} (standard input): ${decoded.reason}; skipped\n`);
    return { findings: [], text: '', path };
  }
  const text = decoded.text;
  // A pyproject.toml on standard input configures its own lint, as when saved.
  const configs = new ConfigCache(cwd, explicitConfig, { readText: (file) => (file === path ? text : undefined) });
  const { config, problems } = configs.forFile(path);
  const onRuleError = (rule: string, error: unknown) => process.stderr.write(`stacklint: ${name}: rule ${rule} failed: ${(error as Error).stack ?? error}\n`);
  const findings = [...lintText(path, text, config, { onRuleError }), ...problems.filter((p) => p.file === path).map((p) => p.finding)];
  const columns = new ColumnMapper(new LineIndex(text));
  // Fixability and links as a lint of the saved file reports them.
  const unsafe = unsafeFixes ?? config.unsafeFixes;
  return { findings: findings.map((finding) => toCliFinding(name, columns, finding, unsafe, sections ? sectionLinks(finding.message, config) : [])), text, path };
}
