import { writeFileSync } from 'node:fs';
import type { ConfigCache } from '../config/load';
import { decodeSource } from '../core/decode';
import { fileNotice, readWorkspaceBytes } from '../core/files';
import { fixAll } from '../engine/fixes';
import { fileKind, lintText } from '../engine/lint';
import { withParserRecovery } from '../engine/recovery';
import { initPythonParser } from '../python/parse';
import { LineIndex } from '../core/text';
import type { Finding } from '../core/types';
import { sectionLinks } from '../config/standard';
import { type CliFinding, ColumnMapper, toCliFinding } from './format';
import { hashText, type LintedFile, statOfRead } from '../engine/cache';

/** What to do besides linting: `--fix`, and whether unsafe fixes count (undefined: `unsafe-fixes` in the configuration decides). */
export interface FixOptions {
  fix: boolean;
  unsafeFixes?: boolean;
  /** The result cache is on: hash what is linted and read, so the result can be kept (skipped otherwise). */
  cached?: boolean;
  /** Look up the standard's headings each message cites: only SARIF prints them, and reading the standard costs a short run 15–30 ms. */
  sections?: boolean;
}

/** One file to lint, and the path to show for it; `raw` is the path's bytes when it is not valid UTF-8. */
export interface FileTask {
  path: string;
  shown: string;
  raw?: Uint8Array;
}

/** A rule that threw on a file: its findings there are missing, so the run says so once. */
export interface RuleFailure {
  rule: string;
  file: string;
  error: string;
}

export interface FileResult {
  findings: CliFinding[];
  failures: RuleFailure[];
  /** What the result cache needs to keep this result: the text linted, as read, and the other files read. */
  linted?: LintedFile & { path: string; reads: Record<string, string | null> };
  /** The parser timed out or failed: another run may lint the file, so the result is neither cached nor replayed. */
  gaveUp?: true;
}

/**
 * Reads, decodes, lints (and with `fix`, fixes and rewrites) one file.
 * Problems with the file itself go to stderr and the file is skipped.
 */
export async function lintFile({ path, shown, raw }: FileTask, configs: ConfigCache, { fix, unsafeFixes, cached, sections }: FixOptions): Promise<FileResult> {
  const failures = new Map<string, RuleFailure>();
  const none = { findings: [], failures: [] };
  // Workers receive the bytes as a plain Uint8Array; fs wants a Buffer to read them as a path.
  const onDisk = raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : path;
  const read = readWorkspaceBytes(onDisk);
  const readAt = Date.now();
  if (!read.ok) {
    process.stderr.write(`stacklint: ${shown}: ${read.missing ? 'cannot read (ENOENT)' : read.reason}; skipped\n`);
    return none;
  }
  const decoded = decodeSource(read.bytes, fileKind(path) === 'python');
  if (!decoded.ok) {
    process.stderr.write(`stacklint: ${shown}: ${decoded.reason}; skipped\n`);
    return none;
  }
  const { config, problems } = configs.forFile(path);
  const unsafe = unsafeFixes ?? config.unsafeFixes;
  let text = decoded.text;
  // Loaded on the first file that needs it, so a run answered from the cache never pays for it.
  await initPythonParser();
  // A rule fails the same way in every fix pass: keep the first error per rule.
  const onRuleError = (rule: string, error: unknown) => {
    if (!failures.has(rule)) failures.set(rule, { rule, file: shown, error: firstLine(error) });
  };
  // A sibling file a rule may not read (a FIFO, a link out of the project): said once per run.
  const onRefusedFile = (other: string, reason: string) => fileNotice(other, `not reading ${other}: it ${reason}`);
  // Every other file a rule read keys the cached result (a sibling requirements-dev.txt, a pyproject.toml).
  const reads: Record<string, string | null> = {};
  const onRead = (other: string, otherText: string | undefined) => {
    reads[other] = otherText === undefined ? null : hashText(otherText);
  };
  let gaveUp = false;
  const onParseFailure = () => (gaveUp = true);
  let findings: Finding[];
  if (fix) {
    const result = await withParserRecovery(() => fixAll(path, text, config, { unsafe, onRuleError, onRefusedFile }));
    if (result.text !== text && decoded.encoding !== 'utf-8') {
      // Writing UTF-8 into a file declared otherwise would corrupt it.
      process.stderr.write(`stacklint: ${shown}: not fixed, file is ${decoded.encoding}\n`);
      findings = await withParserRecovery(() => lintText(path, text, config, { onRuleError, onRefusedFile }));
    } else {
      if (result.text !== text) {
        writeFileSync(onDisk, (decoded.bom ? '\ufeff' : '') + result.text, 'utf8');
        text = result.text;
      }
      findings = result.remaining;
    }
  } else {
    findings = await withParserRecovery(() => lintText(path, text, config, { onRuleError, onRefusedFile, onRead: cached ? onRead : undefined, onParseFailure }));
  }
  findings = [...findings, ...problems.filter((p) => p.file === path).map((p) => p.finding)];
  const columns = new ColumnMapper(new LineIndex(text));
  // A fixed file changed on disk, a failed rule must be tried (and reported) again, a parse that failed or timed out
  // may pass next time, and a name that is not UTF-8 has no path of its own to key it: none is cached.
  const retry = fix || failures.size > 0 || raw !== undefined || gaveUp;
  const linted = !cached || retry ? undefined : { path, size: read.bytes.length, hash: hashText(read.bytes), stat: statOfRead(read.stats), readAt, reads };
  return { findings: findings.map((finding) => toCliFinding(shown, columns, finding, unsafe, sections ? sectionLinks(finding.message, config) : [])), failures: [...failures.values()], linted, ...(gaveUp ? { gaveUp: true } : {}) };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? `${error.name}: ${error.message}` : error).split('\n')[0];
}
