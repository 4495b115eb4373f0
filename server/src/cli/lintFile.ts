import { readFileSync, writeFileSync } from 'node:fs';
import type { ConfigCache } from '../config/load';
import { decodeSource } from '../core/decode';
import { fixAll } from '../engine/fixes';
import { fileKind, lintText } from '../engine/lint';
import { LineIndex } from '../core/text';
import type { Finding } from '../core/types';
import { type CliFinding, ColumnMapper, toCliFinding } from './format';

/** One file to lint, and the path to show for it. */
export interface FileTask {
  path: string;
  shown: string;
}

/**
 * Reads, decodes, lints (and with `fix`, fixes and rewrites) one file.
 * Problems with the file itself go to stderr and the file is skipped.
 */
export function lintFile({ path, shown }: FileTask, configs: ConfigCache, fix: boolean): CliFinding[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    process.stderr.write(`stacklint: ${shown}: cannot read (${(error as NodeJS.ErrnoException).code}); skipped\n`);
    return [];
  }
  const decoded = decodeSource(bytes, fileKind(path) === 'python');
  if (!decoded.ok) {
    process.stderr.write(`stacklint: ${shown}: ${decoded.reason}; skipped\n`);
    return [];
  }
  const { config, problems } = configs.forFile(path);
  let text = decoded.text;
  const onRuleError = (rule: string, error: unknown) => process.stderr.write(`stacklint: ${shown}: rule ${rule} failed: ${(error as Error).stack ?? error}\n`);
  let findings: Finding[];
  if (fix) {
    const result = fixAll(path, text, config);
    if (result.text !== text && decoded.encoding !== 'utf-8') {
      // Writing UTF-8 into a file declared otherwise would corrupt it.
      process.stderr.write(`stacklint: ${shown}: not fixed, file is ${decoded.encoding}\n`);
      findings = lintText(path, text, config, { onRuleError });
    } else {
      if (result.text !== text) {
        writeFileSync(path, (decoded.bom ? '\ufeff' : '') + result.text, 'utf8');
        text = result.text;
      }
      findings = result.remaining;
    }
  } else {
    findings = lintText(path, text, config, { onRuleError });
  }
  findings = [...findings, ...problems.filter((p) => p.file === path).map((p) => p.finding)];
  const columns = new ColumnMapper(new LineIndex(text));
  return findings.map((finding) => toCliFinding(shown, columns, finding));
}
