import { DEFAULT_TEST_GLOBS, matchesAny } from '../server/src/core/config';
import type { BenchFinding } from './engines';

/** A stacklint rule and the Ruff codes that flag the same thing. */
export interface RulePair {
  stacklint: string;
  ruff: string[];
  /** stacklint skips test files for this rule; Ruff is then counted outside tests too. */
  outsideTests?: boolean;
}

export const RULE_PAIRS: RulePair[] = [
  { stacklint: 'print-call', ruff: ['T201'], outsideTests: true },
  { stacklint: 'bare-except', ruff: ['E722'] },
  { stacklint: 'sql-string-formatting', ruff: ['S608'] },
  { stacklint: 'pytz-usage', ruff: ['TID251'] },
  { stacklint: 'naive-datetime', ruff: ['DTZ002', 'DTZ003', 'DTZ004', 'DTZ005', 'DTZ006'] },
  { stacklint: 'global-mutable-state', ruff: ['PLW0603'] },
  { stacklint: 'blocking-http-in-async', ruff: ['ASYNC210'] },
];

export interface PairCount {
  pair: RulePair;
  stacklint: number;
  ruff: number;
  /** Ruff's count over every file, where it differs because of `outsideTests`. */
  ruffAllFiles: number;
  /** stacklint findings with a Ruff finding of the corresponding rule on overlapping lines. */
  agreed: number;
  stacklintOnly: BenchFinding[];
  ruffOnly: BenchFinding[];
}

export const SYNTAX_ERROR = 'invalid-syntax';

/**
 * Lines up findings of corresponding rules that overlap in lines within the
 * same file (the engines differ on columns: Ruff often reports the whole
 * expression, stacklint the smallest range). A finding with no counterpart
 * on the other side is a disagreement worth reading.
 */
export function comparePair(pair: RulePair, files: string[], ours: BenchFinding[], theirs: BenchFinding[]): PairCount {
  const isTest = (index: number) => matchesAny(files[index], DEFAULT_TEST_GLOBS);
  const mine = ours.filter((f) => f.rule === pair.stacklint);
  const ruffAll = theirs.filter((f) => pair.ruff.includes(f.rule));
  const ruff = pair.outsideTests ? ruffAll.filter((f) => !isTest(f.file)) : ruffAll;
  const overlapping = (list: BenchFinding[]) => {
    const byFile = new Map<number, BenchFinding[]>();
    for (const f of list) {
      const same = byFile.get(f.file);
      if (same) same.push(f);
      else byFile.set(f.file, [f]);
    }
    return (f: BenchFinding) => (byFile.get(f.file) ?? []).some((g) => g.line <= f.endLine && f.line <= g.endLine);
  };
  const ruffNear = overlapping(ruff);
  const mineNear = overlapping(mine);
  const stacklintOnly = mine.filter((f) => !ruffNear(f));
  return {
    pair,
    stacklint: mine.length,
    ruff: ruff.length,
    ruffAllFiles: ruffAll.length,
    agreed: mine.length - stacklintOnly.length,
    stacklintOnly,
    ruffOnly: ruff.filter((f) => !mineNear(f)),
  };
}

export function countByRule(findings: BenchFinding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return counts;
}

/** Files Ruff could not parse; it reports nothing but the syntax error there. */
export function unparsedFiles(ruff: BenchFinding[]): Set<number> {
  return new Set(ruff.filter((f) => f.rule === SYNTAX_ERROR).map((f) => f.file));
}

/**
 * Up to `limit` disagreements, alternating sides, taking distinct line texts
 * first and then one per file, so a repeated idiom does not fill the list.
 * Files Ruff could not parse are left out: those say nothing about the rule.
 */
export function sampleDisagreements(
  count: PairCount,
  unparsed: Set<number>,
  limit: number,
  textOf: (finding: BenchFinding) => string,
): { side: 'stacklint only' | 'Ruff only'; finding: BenchFinding; text: string }[] {
  const pick = (list: BenchFinding[]) => {
    const usable = list.filter((f) => !unparsed.has(f.file)).sort((a, b) => a.file - b.file || a.line - b.line);
    const texts = new Set<string>();
    const files = new Set<number>();
    const byText = usable.filter((f) => !texts.has(textOf(f)) && texts.add(textOf(f)));
    const byFile = usable.filter((f) => !byText.includes(f) && !files.has(f.file) && files.add(f.file));
    return [...byText, ...byFile, ...usable.filter((f) => !byText.includes(f) && !byFile.includes(f))];
  };
  const ours = pick(count.stacklintOnly);
  const theirs = pick(count.ruffOnly);
  const sample: { side: 'stacklint only' | 'Ruff only'; finding: BenchFinding; text: string }[] = [];
  for (let i = 0; sample.length < limit && (i < ours.length || i < theirs.length); i++) {
    if (i < ours.length) sample.push({ side: 'stacklint only', finding: ours[i], text: textOf(ours[i]) });
    if (i < theirs.length && sample.length < limit) sample.push({ side: 'Ruff only', finding: theirs[i], text: textOf(theirs[i]) });
  }
  return sample;
}
