import { createHash } from 'node:crypto';
import type { LineIndex } from '../core/text';
import type { Range } from '../core/types';

// A baseline records the findings a team accepted on the day it adopted the
// standard, so only new findings fail. Entries are keyed by file, rule and a
// fingerprint of the code (never a line number), so lines inserted or deleted
// elsewhere in the file leave them matched.

export const BASELINE_FILE = '.stacklint-baseline.json';
export const BASELINE_VERSION = 1;
/** Baselines larger than this are refused rather than read into memory. */
export const MAX_BASELINE_BYTES = 32 * 1024 * 1024;

export interface BaselineEntry {
  rule: string;
  fingerprint: string;
  /** How many findings in the file share this rule and fingerprint (the same code repeated). */
  count: number;
  /** The finding's line, normalised, for people reading the baseline in review. */
  code: string;
}

/** File paths are relative to the baseline's folder, with `/` separators. */
export interface Baseline {
  files: Record<string, BaselineEntry[]>;
}

export interface FingerprintedFinding {
  rule: string;
  fingerprint: string;
  code: string;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The fingerprint of a finding: a hash of its rule, its own source text and
 * the text of the line it starts on, each with whitespace collapsed. Moving
 * the code or re-indenting it keeps the fingerprint; editing it does not.
 */
export function fingerprint(rule: string, findingText: string, lineText: string): string {
  return createHash('sha256')
    .update(`${rule}\0${normalise(findingText).slice(0, 400)}\0${normalise(lineText)}`)
    .digest('hex')
    .slice(0, 16);
}

/** Fingerprints a finding of the engine (UTF-16 range) in its file's text. */
export function fingerprintFinding(lines: LineIndex, rule: string, range: Range): FingerprintedFinding {
  const text = lines.text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
  const line = lines.lineText(range.start.line);
  return { rule, fingerprint: fingerprint(rule, text, line), code: normalise(line).slice(0, 120) };
}

/** Builds a baseline from fingerprinted findings per relative path. */
export function buildBaseline(byFile: ReadonlyMap<string, readonly FingerprintedFinding[]>): Baseline {
  const files: Record<string, BaselineEntry[]> = {};
  for (const file of [...byFile.keys()].sort()) {
    const entries = new Map<string, BaselineEntry>();
    for (const finding of byFile.get(file) ?? []) {
      const key = `${finding.rule}\0${finding.fingerprint}`;
      const entry = entries.get(key);
      if (entry) entry.count++;
      else entries.set(key, { rule: finding.rule, fingerprint: finding.fingerprint, count: 1, code: finding.code });
    }
    if (entries.size > 0) {
      files[file] = [...entries.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.code.localeCompare(b.code) || a.fingerprint.localeCompare(b.fingerprint));
    }
  }
  return { files };
}

export function serializeBaseline(baseline: Baseline, generator: string): string {
  return JSON.stringify({ version: BASELINE_VERSION, generator, files: baseline.files }, null, 2) + '\n';
}

/** Reads a baseline file's text; a string result says what is wrong with it. Never throws. */
export function parseBaseline(text: string): Baseline | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const object = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!object(value)) return 'not a JSON object';
  if (value.version !== BASELINE_VERSION) return `unsupported version ${JSON.stringify(value.version)} (expected ${BASELINE_VERSION})`;
  if (!object(value.files)) return '`files` must be an object';
  const files: Record<string, BaselineEntry[]> = Object.create(null);
  for (const [file, entries] of Object.entries(value.files)) {
    if (!Array.isArray(entries)) return `entries of ${file} must be an array`;
    const kept: BaselineEntry[] = [];
    for (const entry of entries) {
      if (!object(entry) || typeof entry.rule !== 'string' || typeof entry.fingerprint !== 'string') {
        return `an entry of ${file} lacks its rule or fingerprint`;
      }
      const count = typeof entry.count === 'number' && Number.isInteger(entry.count) && entry.count > 0 ? entry.count : 1;
      kept.push({ rule: entry.rule, fingerprint: entry.fingerprint, count, code: typeof entry.code === 'string' ? entry.code : '' });
    }
    files[file] = kept;
  }
  return { files };
}

/**
 * Matches findings against a baseline, file by file. Each entry absorbs up
 * to `count` findings with its rule and fingerprint; what is left over in the
 * baseline afterwards was fixed.
 */
export class BaselineMatcher {
  private readonly left = new Map<string, Map<string, number>>();

  constructor(private readonly baseline: Baseline) {
    for (const [file, entries] of Object.entries(baseline.files)) {
      const counts = new Map<string, number>();
      for (const entry of entries) {
        const key = `${entry.rule}\0${entry.fingerprint}`;
        counts.set(key, (counts.get(key) ?? 0) + entry.count);
      }
      this.left.set(file, counts);
    }
  }

  /** True for each finding the baseline accepts; consumes the entries it uses. */
  match(file: string, findings: readonly { rule: string; fingerprint: string }[]): boolean[] {
    const counts = this.left.get(file);
    return findings.map(({ rule, fingerprint }) => {
      const key = `${rule}\0${fingerprint}`;
      const remaining = counts?.get(key) ?? 0;
      if (remaining <= 0) return false;
      counts!.set(key, remaining - 1);
      return true;
    });
  }

  /** Entries (with how many of their findings are gone) of the files `inScope` says were linted. */
  fixed(inScope: (file: string) => boolean): { file: string; entry: BaselineEntry; gone: number }[] {
    const fixed: { file: string; entry: BaselineEntry; gone: number }[] = [];
    for (const [file, entries] of Object.entries(this.baseline.files)) {
      if (!inScope(file)) continue;
      const counts = this.left.get(file)!;
      for (const entry of entries) {
        const key = `${entry.rule}\0${entry.fingerprint}`;
        const gone = Math.min(entry.count, counts.get(key) ?? 0);
        if (gone > 0) {
          fixed.push({ file, entry, gone });
          counts.set(key, (counts.get(key) ?? 0) - gone);
        }
      }
    }
    // Restore the counts: fixed() only reports.
    for (const { file, entry, gone } of fixed) {
      const counts = this.left.get(file)!;
      const key = `${entry.rule}\0${entry.fingerprint}`;
      counts.set(key, (counts.get(key) ?? 0) + gone);
    }
    return fixed;
  }

  /** The baseline without the fixed findings of the files in scope. */
  pruned(inScope: (file: string) => boolean): Baseline {
    const gone = new Map<BaselineEntry, number>();
    for (const item of this.fixed(inScope)) gone.set(item.entry, item.gone);
    const files: Record<string, BaselineEntry[]> = {};
    for (const [file, entries] of Object.entries(this.baseline.files)) {
      const kept = entries
        .map((entry) => ({ ...entry, count: entry.count - (gone.get(entry) ?? 0) }))
        .filter((entry) => entry.count > 0);
      if (kept.length > 0) files[file] = kept;
    }
    return { files };
  }
}
