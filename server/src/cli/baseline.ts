import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  BASELINE_FILE,
  type Baseline,
  BaselineMatcher,
  buildBaseline,
  type FingerprintedFinding,
  fingerprintFinding,
  MAX_BASELINE_BYTES,
  parseBaseline,
  serializeBaseline,
} from '../engine/baseline';
import { decodeSource } from '../core/decode';
import { fileKind } from '../engine/lint';
import { LineIndex } from '../core/text';
import type { CliFinding } from './format';

/** What the CLI does with a baseline in this run. */
export interface BaselinePlan {
  mode: 'write' | 'prune' | 'apply';
  /** Absolute path of the baseline file. */
  file: string;
}

export interface BaselineFlags {
  baseline?: string;
  writeBaseline: boolean;
  pruneBaseline: boolean;
  noBaseline: boolean;
}

/** A baseline the user asked for cannot be used: exit code 2. */
export class BaselineError extends Error {}

/**
 * Chooses the baseline: `--baseline FILE`, else `.stacklint-baseline.json` in
 * the current folder when it exists (so CI and people get the same result
 * without a flag); `--no-baseline` reports everything.
 */
export function planBaseline(flags: BaselineFlags, cwd: string): BaselinePlan | undefined {
  const file = resolve(cwd, flags.baseline ?? BASELINE_FILE);
  if (flags.writeBaseline && flags.pruneBaseline) throw new BaselineError('--write-baseline and --prune-baseline exclude each other');
  if (flags.noBaseline && (flags.baseline || flags.writeBaseline || flags.pruneBaseline)) throw new BaselineError('--no-baseline excludes the other baseline options');
  if (flags.writeBaseline) return { mode: 'write', file };
  if (flags.noBaseline) return undefined;
  if (!existsSync(file)) {
    if (flags.baseline || flags.pruneBaseline) throw new BaselineError(`baseline not found: ${flags.baseline ?? BASELINE_FILE}`);
    return undefined;
  }
  return { mode: flags.pruneBaseline ? 'prune' : 'apply', file };
}

export function readBaselineFile(file: string): Baseline {
  const stat = lstatSync(file);
  if (!stat.isFile()) throw new BaselineError(`baseline ${file} is not a regular file`);
  if (stat.size > MAX_BASELINE_BYTES) throw new BaselineError(`baseline ${file} is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB`);
  const parsed = parseBaseline(readFileSync(file, 'utf8'));
  if (typeof parsed === 'string') throw new BaselineError(`cannot read baseline ${file}: ${parsed}`);
  return parsed;
}

/** The files and folders linted in this run, to tell which baseline entries it could judge. */
export interface LintedScope {
  files: ReadonlySet<string>;
  roots: readonly string[];
}

export interface BaselineOutcome {
  /** The findings to report: all of them when writing, else only those not in the baseline. */
  findings: CliFinding[];
  /** Lines for stderr. */
  notes: string[];
}

/**
 * Applies the plan to the run's findings. `pathOf` maps a shown path to the
 * absolute one; `textOf` supplies text that is not on disk (standard input).
 */
export function runBaseline(
  plan: BaselinePlan,
  findings: readonly CliFinding[],
  pathOf: (shown: string) => string,
  scope: LintedScope,
  generator: string,
  textOf: (path: string) => string | undefined = () => undefined,
): BaselineOutcome {
  const root = dirname(plan.file);
  const key = (path: string) => relative(root, path).split(sep).join('/');
  const inScope = (file: string) => {
    const path = resolve(root, file);
    return scope.files.has(path) || (!existsSync(path) && scope.roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep)));
  };
  const grouped = fingerprintAll(findings, pathOf, textOf);
  const shownName = relative(process.cwd(), plan.file) || plan.file;

  if (plan.mode === 'write') {
    const byFile = new Map<string, FingerprintedFinding[]>();
    for (const [path, items] of grouped) byFile.set(key(path), items.map((item) => item.print));
    const fresh = buildBaseline(byFile);
    // Entries of files this run did not lint are kept: `stacklint app/ --write-baseline` leaves lib/ alone.
    const previous = existsSync(plan.file) ? safeRead(plan.file) : undefined;
    for (const [file, entries] of Object.entries(previous?.files ?? {})) {
      if (!inScope(file) && !fresh.files[file]) fresh.files[file] = entries;
    }
    const sorted: Baseline = { files: Object.fromEntries(Object.entries(fresh.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    write(plan.file, serializeBaseline(sorted, generator));
    const files = Object.keys(sorted.files).length;
    return { findings: [], notes: [`stacklint: wrote ${findings.length} finding${plural(findings.length)} in ${files} file${plural(files)} to ${shownName}`] };
  }

  const matcher = new BaselineMatcher(readBaselineFile(plan.file));
  const kept: CliFinding[] = [];
  let accepted = 0;
  for (const [path, items] of grouped) {
    const matches = matcher.match(key(path), items.map((item) => item.print));
    items.forEach((item, index) => (matches[index] ? accepted++ : kept.push(item.finding)));
  }
  const fixed = matcher.fixed(inScope).reduce((sum, item) => sum + item.gone, 0);
  const notes = [`stacklint: ${accepted} finding${plural(accepted)} in the baseline ${shownName} not shown`];
  if (plan.mode === 'prune') {
    write(plan.file, serializeBaseline(matcher.pruned(inScope), generator));
    notes.push(`stacklint: pruned ${fixed} fixed finding${plural(fixed)} from ${shownName}`);
  } else if (fixed > 0) {
    notes.push(`stacklint: ${fixed} baselined finding${plural(fixed)} now fixed; run with --prune-baseline to remove ${fixed === 1 ? 'it' : 'them'}`);
  }
  return { findings: kept, notes };
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new BaselineError(`cannot write baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function safeRead(file: string): Baseline | undefined {
  try {
    return readBaselineFile(file);
  } catch {
    return undefined;
  }
}

const plural = (n: number) => (n === 1 ? '' : 's');

/** Fingerprints findings (already sorted by file and position), grouped by absolute path. */
function fingerprintAll(
  findings: readonly CliFinding[],
  pathOf: (shown: string) => string,
  textOf: (path: string) => string | undefined,
): Map<string, { finding: CliFinding; print: FingerprintedFinding }[]> {
  const grouped = new Map<string, { finding: CliFinding; print: FingerprintedFinding }[]>();
  const lineIndexes = new Map<string, LineIndex>();
  for (const finding of findings) {
    const path = isAbsolute(finding.file) ? finding.file : pathOf(finding.file);
    let lines = lineIndexes.get(path);
    if (!lines) {
      lines = new LineIndex(textOf(path) ?? readText(path));
      lineIndexes.set(path, lines);
    }
    const start = { line: finding.line - 1, character: utf16Column(lines.lineText(finding.line - 1), finding.column - 1) };
    const end = { line: finding.endLine - 1, character: utf16Column(lines.lineText(finding.endLine - 1), finding.endColumn - 1) };
    const items = grouped.get(path) ?? [];
    items.push({ finding, print: fingerprintFinding(lines, finding.rule, { start, end }) });
    grouped.set(path, items);
  }
  return grouped;
}

function readText(path: string): string {
  try {
    const decoded = decodeSource(readFileSync(path), fileKind(path) === 'python');
    return decoded.ok ? decoded.text : '';
  } catch {
    return '';
  }
}

/** The UTF-16 offset of a 0-based code-point column. */
function utf16Column(lineText: string, codePoints: number): number {
  let offset = 0;
  for (let n = 0; n < codePoints && offset < lineText.length; n++) {
    const code = lineText.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return offset;
}
