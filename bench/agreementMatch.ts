import { startsLikeSql } from '../server/src/python/sql';
/** One finding of either engine, reduced to what agreement needs. */
export interface Located {
  file: number;
  /** stacklint rule id or Ruff code. */
  rule: string;
  /** 1-based lines and columns (columns in UTF-16 units on both sides). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A stacklint rule and the Ruff codes (and, for TID251, banned names) that flag the same thing. */
export interface AgreementPair {
  stacklint: string;
  ruff: string[];
  /** TID251 findings belong to this pair when the banned name passes this test. */
  banned?: (name: string) => boolean;
  /** stacklint skips test files for this rule; Ruff's findings in tests are then left out too. */
  outsideTests?: boolean;
  /** Ruff also reports each use of a banned module; stacklint reports its import: compare imports only. */
  ruffImportsOnly?: boolean;
  /** Ruff reports each name of a statement (PLW0603: each rebinding of each name); stacklint the statement once. */
  ruffOncePerLine?: boolean;
  /** Ruff findings, by their source text, of a kind stacklint deliberately leaves alone; counted apart. */
  ruffWithoutEquivalent?: { test: (source: string) => boolean; label: string; following?: boolean };
  /** stacklint findings of a kind Ruff has no rule for, left out of the comparison and counted apart. */
  oursWithoutEquivalent?: (finding: Located) => boolean;
  /**
   * For a finding one tool reports alone: the class of difference it belongs to, and whether that
   * class lies outside what the other tool's rule looks at (left out of the comparable set).
   */
  classify?: (finding: Located, side: 'us' | 'ruff', context: FindingContext) => { label: string; outOfScope: boolean };
}

/** The text around a finding, for classifying differences. */
export interface FindingContext {
  /** From the finding's start, up to six lines. */
  source: string;
  /** Up to three lines before the finding, and its own line up to its start. */
  before: string;
  isTest: boolean;
}

const S608_STATEMENTS = new Set(['select', 'insert', 'update', 'delete']);

/** The classes of difference between sql-string-formatting and S608 (see docs/compared-with-ruff.md). */
function classifySql(_finding: Located, side: 'us' | 'ruff', { source, before, isTest }: FindingContext): { label: string; outOfScope: boolean } {
  if (side === 'us') {
    const start = source.trimStart();
    if (!/^(?:\(|[rRbBuUfF]{0,2}['"])/.test(start)) return { label: 'template held in an attribute or name (S608 reads string literals only)', outOfScope: true };
    const text = start.replace(/^[\s(]*[rRbBuUfF]{0,2}(?:"""|'''|"|')?\s*/, '');
    const word = /^[A-Za-z_]+/.exec(text)?.[0]?.toLowerCase() ?? '';
    if (!startsLikeSql(text)) return { label: 'fragment of a larger statement (grown with `+=` or joined later)', outOfScope: true };
    if (!S608_STATEMENTS.has(word)) return { label: `statement S608 has no pattern for (${word.toUpperCase() || 'fragment'})`, outOfScope: true };
    return { label: `${word.toUpperCase()} that S608's pattern does not match`, outOfScope: false };
  }
  if (/(?:\braise\b|Error\(|Exception\(|Warning\(|\bwarn\(|\.(?:debug|info|warning|error|exception|critical)\()[^]*$/.test(before.split('\n').slice(-3).join('\n'))) {
    return { label: 'exception or log message', outOfScope: true };
  }
  if (isTest && !/\b(?:execute|executemany|executescript|exec_driver_sql|text|DDL)\([^()]*$/.test(before)) return { label: 'SQL text in a test file that no execution call runs', outOfScope: true };
  return { label: 'holes filled only by literals, constants or placeholder lists, or prose', outOfScope: false };
}

/** `pytz.timezone` from Ruff's "`pytz.timezone` is banned: ..." message. */
export function bannedName(message: string): string {
  return /^`([^`]+)` is banned/.exec(message)?.[1] ?? '';
}

export const AGREEMENT_PAIRS: AgreementPair[] = [
  // Printing to stderr is how command-line tools report errors: print-call leaves it alone on purpose.
  { stacklint: 'print-call', ruff: ['T201'], outsideTests: true, ruffWithoutEquivalent: { test: (source) => /\bfile\s*=\s*sys\.stderr\b/.test(source), label: 'print(..., file=sys.stderr)' } },
  { stacklint: 'bare-except', ruff: ['E722'] },
  // UTC read as naive and labelled UTC is aware: naive-datetime leaves it alone on purpose.
  {
    stacklint: 'naive-datetime',
    ruff: ['DTZ002', 'DTZ003', 'DTZ004', 'DTZ005', 'DTZ006'],
    ruffWithoutEquivalent: {
      test: (source) => /^[\w.]*\.utc(?:now|fromtimestamp)\([^()]*\)(?:\.replace\([^()]*\))*\.replace\([^()]*\btzinfo\s*=\s*[\w.]*\b(?:utc|UTC)\b/.test(source),
      label: 'utcnow() / utcfromtimestamp() labelled UTC with .replace(tzinfo=...utc)',
      following: true,
    },
  },
  { stacklint: 'sql-string-formatting', ruff: ['S608'], classify: classifySql },
  { stacklint: 'pytz-usage', ruff: ['TID251'], banned: (name) => name === 'pytz' || name.startsWith('pytz.'), ruffImportsOnly: true },
  { stacklint: 'off-stack-import', ruff: ['TID251'], banned: (name) => name !== 'pytz' && !name.startsWith('pytz.'), ruffImportsOnly: true },
  // Mutated module-level containers are stacklint's own addition to this rule.
  { stacklint: 'global-mutable-state', ruff: ['PLW0603'], ruffOncePerLine: true, oursWithoutEquivalent: (f) => !f.message.startsWith('`global`') },
  { stacklint: 'blocking-http-in-async', ruff: ['ASYNC210'] },
];

export interface PairResult {
  pair: AgreementPair;
  /** Findings left out and counted apart: ours Ruff has no rule for; Ruff's that stacklint leaves alone on purpose (ruffWithout); Ruff's repeats or uses outside imports (ruff). */
  leftOut: { ours: number; ruff: number; ruffWithout: number };
  ours: number;
  ruff: number;
  both: number;
  onlyUs: Located[];
  onlyRuff: Located[];
  /** both / (ours + ruff - both); 1 when neither engine finds anything. */
  agreement: number;
}

export function belongsToPair(pair: AgreementPair, finding: Located, side: 'us' | 'ruff'): boolean {
  if (side === 'us') return finding.rule === pair.stacklint;
  if (!pair.ruff.includes(finding.rule)) return false;
  return !pair.banned || pair.banned(bannedName(finding.message));
}

/**
 * Matches findings one to one within each file: a stacklint finding and a Ruff
 * finding agree when their line spans overlap (the engines differ on columns:
 * Ruff often reports a whole statement, stacklint the smallest expression);
 * among candidates the nearest start wins, so two findings on one line pair
 * with two on the other side rather than both with the first.
 */
export function matchPair(pair: AgreementPair, ours: Located[], theirs: Located[], leftOut = { ours: 0, ruff: 0, ruffWithout: 0 }): PairResult {
  const byFile = new Map<number, { us: Located[]; ruff: Located[] }>();
  const slot = (file: number) => {
    let entry = byFile.get(file);
    if (!entry) byFile.set(file, (entry = { us: [], ruff: [] }));
    return entry;
  };
  for (const f of ours) slot(f.file).us.push(f);
  for (const f of theirs) slot(f.file).ruff.push(f);
  const onlyUs: Located[] = [];
  const onlyRuff: Located[] = [];
  let both = 0;
  for (const { us, ruff } of byFile.values()) {
    const candidates: { i: number; j: number; distance: number }[] = [];
    us.forEach((a, i) =>
      ruff.forEach((b, j) => {
        if (a.line <= b.endLine && b.line <= a.endLine) candidates.push({ i, j, distance: Math.abs(a.line - b.line) * 1000 + Math.abs(a.column - b.column) });
      }),
    );
    candidates.sort((x, y) => x.distance - y.distance);
    const usedUs = new Set<number>();
    const usedRuff = new Set<number>();
    for (const { i, j } of candidates) {
      if (usedUs.has(i) || usedRuff.has(j)) continue;
      usedUs.add(i);
      usedRuff.add(j);
      both++;
    }
    us.forEach((f, i) => usedUs.has(i) || onlyUs.push(f));
    ruff.forEach((f, j) => usedRuff.has(j) || onlyRuff.push(f));
  }
  const union = ours.length + theirs.length - both;
  const order = (a: Located, b: Located) => a.file - b.file || a.line - b.line || a.column - b.column;
  return { pair, leftOut, ours: ours.length, ruff: theirs.length, both, onlyUs: onlyUs.sort(order), onlyRuff: onlyRuff.sort(order), agreement: union === 0 ? 1 : both / union };
}
