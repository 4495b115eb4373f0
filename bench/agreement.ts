// Agreement of stacklint's Python rules with their Ruff equivalents on real
// code. Build with `npm run build`, then (Ruff's wasm needs the baseline tier):
//
//   node --liftoff-only dist/bench/agreement.js [--corpus stdlib,django,PATH] [--examples 3] [--dump FILE.json]
//
// Corpora by name come from bench/corpora.sh (Debian packages unpacked into a
// cache folder, and python3's standard library); any other value is a folder.
import { Workspace, PositionEncoding } from '@astral-sh/ruff-wasm-nodejs';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig, DEFAULT_TEST_GLOBS, matchesAny } from '../server/src/core/config';
import { lintText } from '../server/src/engine/lint';
import { initPythonParser } from '../server/src/python/parse';
import { classifyImport } from '../server/src/policy/imports';
import { AGREEMENT_PAIRS, belongsToPair, type FindingContext, type Located, matchPair, type PairResult } from './agreementMatch';
import { type Corpus, knownCorpora, loadCorpus } from './corpus';

const RUFF_CODES = [...new Set(AGREEMENT_PAIRS.flatMap((pair) => pair.ruff))];

/**
 * Every module name the corpus imports, with its dotted prefixes, that the
 * policy marks off-stack: Ruff's banned-api is then configured with the same
 * verdicts as off-stack-import, so the two differ only in how they find imports.
 */
function offStackModules(corpus: Corpus, root: string): string[] {
  const config = defaultConfig(root);
  const names = new Set<string>();
  const statement = /^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]+([^\n#]+)|import[ \t]+([^\n#]+))/gm;
  for (const file of corpus.files) {
    for (const match of file.text.matchAll(statement)) {
      const modules = match[1]
        ? [match[1], ...match[2].replace(/[()\\]/g, '').split(',').map((n) => `${match[1]}.${n.trim().split(/\s+/)[0]}`)]
        : match[3].split(',').map((n) => n.trim().split(/\s+/)[0]);
      for (const module of modules) {
        const parts = module.split('.');
        for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join('.'));
      }
    }
  }
  // The corpus's own packages are first-party, as off-stack-import judges them.
  const firstParty = (name: string) => {
    const top = name.split('.')[0];
    return [root, join(root, 'src')].some((base) => existsSync(join(base, top, '__init__.py')) || existsSync(join(base, `${top}.py`)));
  };
  const banned = [...names].filter((name) => {
    if (firstParty(name)) return false;
    const status = classifyImport(name, config);
    return status !== undefined && (status.status === 'banned' || status.status === 'discouraged') && status.approvedReason === undefined;
  });
  // A banned package bans its submodules in Ruff as well: keep only the outermost names.
  return banned.filter((name) => !banned.some((other) => name.startsWith(`${other}.`))).sort();
}

interface RuffDiagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
  end_location: { row: number; column: number };
}

interface CorpusResult {
  name: string;
  root: string;
  files: number;
  /** Files Ruff could not parse: left out on both sides. */
  unparsed: string[];
  banned: string[];
  pairs: PairResult[];
}

function runCorpus(name: string, root: string, target: string): CorpusResult {
  const corpus = loadCorpus(root);
  const banned = offStackModules(corpus, root);
  const bannedApi: Record<string, { msg: string }> = { pytz: { msg: 'use zoneinfo' } };
  for (const module of banned) bannedApi[module] = { msg: 'off-stack' };
  const workspace = new Workspace(
    { 'target-version': target, lint: { select: RUFF_CODES, 'flake8-tidy-imports': { 'banned-api': bannedApi } } },
    PositionEncoding.Utf16,
  );
  const config = defaultConfig(root);
  const ours: Located[] = [];
  const theirs: Located[] = [];
  const unparsed: string[] = [];
  corpus.files.forEach((file, index) => {
    let diagnostics: RuffDiagnostic[];
    try {
      diagnostics = workspace.check(file.text) as RuffDiagnostic[];
    } catch {
      diagnostics = [{ code: null, message: 'ruff panicked', start_location: { row: 1, column: 1 }, end_location: { row: 1, column: 1 } }];
    }
    if (diagnostics.some((d) => d.code === null || d.code === 'invalid-syntax')) {
      unparsed.push(file.rel);
      return;
    }
    for (const d of diagnostics) {
      theirs.push({ file: index, rule: d.code ?? '', line: d.start_location.row, column: d.start_location.column, endLine: d.end_location.row, endColumn: d.end_location.column, message: d.message });
    }
    for (const f of lintText(file.path, file.text, config)) {
      ours.push({ file: index, rule: f.rule, line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1, message: f.message });
    }
  });
  const isTest = (index: number) => matchesAny(corpus.files[index].rel, DEFAULT_TEST_GLOBS);
  const lines = new Map<number, string[]>();
  const lineText = (f: Located) => {
    let list = lines.get(f.file);
    if (!list) lines.set(f.file, (list = corpus.files[f.file].text.split(/\r\n|\r|\n/)));
    return list[f.line - 1] ?? '';
  };
  const onImportLine = (f: Located) => /^\s*(?:import|from)\s/.test(lineText(f));
  /**
   * The source from a finding's start to the end of the call it starts (Ruff's T201 covers only the
   * name `print`), balancing parentheses over at most 30 lines: enough to read its keywords.
   */
  const sourceOf = (f: Located) => {
    lineText(f);
    const text = lines.get(f.file)!.slice(f.line - 1, f.line + 29).join('\n').slice(f.column - 1);
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) return text.slice(0, i + 1);
    }
    return text;
  };
  /** Up to six lines of source from a finding's start. */
  const following = (f: Located) => {
    lineText(f);
    return lines.get(f.file)!.slice(f.line - 1, f.line + 5).join('\n').slice(f.column - 1);
  };
  const contextOf = (f: Located): FindingContext => {
    lineText(f);
    const all = lines.get(f.file)!;
    const before = [...all.slice(Math.max(0, f.line - 4), f.line - 1), (all[f.line - 1] ?? '').slice(0, f.column - 1)].join('\n');
    return { source: following(f), before, isTest: isTest(f.file) };
  };
  const pairs = AGREEMENT_PAIRS.map((pair) => {
    const mine = ours.filter((f) => belongsToPair(pair, f, 'us'));
    const ruff = theirs.filter((f) => belongsToPair(pair, f, 'ruff') && !(pair.outsideTests && isTest(f.file)));
    const keptOurs = mine.filter((f) => !pair.oursWithoutEquivalent?.(f));
    const seen = new Set<string>();
    const firstOnLine = (f: Located) => !seen.has(`${f.file}:${f.line}`) && seen.add(`${f.file}:${f.line}`) !== undefined;
    const comparable = ruff.filter((f) => !pair.ruffWithoutEquivalent?.test(pair.ruffWithoutEquivalent.following ? following(f) : sourceOf(f)));
    const keptRuff = comparable.filter((f) => (!pair.ruffImportsOnly || onImportLine(f)) && (!pair.ruffOncePerLine || firstOnLine(f)));
    const result = matchPair(pair, keptOurs, keptRuff, { ours: mine.length - keptOurs.length, ruff: comparable.length - keptRuff.length, ruffWithout: ruff.length - comparable.length });
    if (pair.classify) {
      for (const [side, list] of [['us', result.onlyUs], ['ruff', result.onlyRuff]] as const) {
        for (const f of list) (f as Classified).difference = pair.classify(f, side, contextOf(f));
      }
    }
    return result;
  });
  // Locations become readable paths from here on.
  for (const pair of pairs) for (const f of [...pair.onlyUs, ...pair.onlyRuff]) (f as Located & { path?: string }).path = corpus.files[f.file].rel;
  return { name, root, files: corpus.files.length, unparsed, banned, pairs };
}

type Classified = Located & { difference?: { label: string; outOfScope: boolean } };

/** Agreement on the comparable set: findings of a class outside the other tool's rule left out of both sides. */
function comparableAgreement(p: PairResult): { agreement: number; ours: number; ruff: number } {
  const inScope = (f: Located) => !(f as Classified).difference?.outOfScope;
  const onlyUs = p.onlyUs.filter(inScope).length;
  const onlyRuff = p.onlyRuff.filter(inScope).length;
  const union = p.both + onlyUs + onlyRuff;
  return { agreement: union === 0 ? 1 : p.both / union, ours: p.both + onlyUs, ruff: p.both + onlyRuff };
}

/** Each class of difference with its count, per side. */
function differenceClasses(p: PairResult): { side: string; label: string; outOfScope: boolean; count: number; examples: string[] }[] {
  const classes = new Map<string, { side: string; label: string; outOfScope: boolean; count: number; examples: string[] }>();
  for (const [side, list] of [['only us', p.onlyUs], ['only Ruff', p.onlyRuff]] as const) {
    for (const f of list) {
      const difference = (f as Classified).difference;
      if (!difference) continue;
      const key = `${side}\t${difference.label}`;
      const entry = classes.get(key) ?? { side, ...difference, count: 0, examples: [] };
      classes.set(key, entry);
      entry.count++;
      if (entry.examples.length < 3) entry.examples.push(where(f));
    }
  }
  return [...classes.values()].sort((a, b) => a.side.localeCompare(b.side) || b.count - a.count);
}

function where(f: Located): string {
  return `${(f as Located & { path?: string }).path}:${f.line}:${f.column}`;
}

function print(result: CorpusResult, examples: number): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`## ${result.name}: ${result.root}`);
  out(`${result.files} files (${result.unparsed.length} that Ruff cannot parse left out); off-stack modules banned in Ruff: ${result.banned.join(', ') || 'none'}`);
  out();
  out('| rule | Ruff | ours | Ruff\'s | both | only us | only Ruff | agreement |');
  out('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const p of result.pairs) {
    out(`| ${p.pair.stacklint} | ${p.pair.ruff.join(' ')} | ${p.ours} | ${p.ruff} | ${p.both} | ${p.onlyUs.length} | ${p.onlyRuff.length} | ${p.agreement.toFixed(3)} |`);
  }
  const total = result.pairs.reduce((sum, p) => ({ both: sum.both + p.both, union: sum.union + p.ours + p.ruff - p.both }), { both: 0, union: 0 });
  out(`| all | | | | ${total.both} | | | ${(total.union === 0 ? 1 : total.both / total.union).toFixed(3)} |`);
  out();
  for (const p of result.pairs) {
    if (p.leftOut.ours > 0) out(`- ${p.pair.stacklint}: ${p.leftOut.ours} of our findings are of a kind Ruff has no rule for (left out above)`);
    if (p.leftOut.ruffWithout > 0) out(`- ${p.pair.stacklint}: ${p.leftOut.ruffWithout} ${p.pair.ruff.join(' ')} findings on ${p.pair.ruffWithoutEquivalent?.label}, which stacklint leaves alone on purpose (left out above)`);
    if (p.leftOut.ruff > 0) out(`- ${p.pair.stacklint}: ${p.leftOut.ruff} ${p.pair.ruff.join(' ')} findings left out above (${p.pair.ruffImportsOnly ? 'uses of a banned module outside import statements' : 'repeats on one line'})`);
  }
  for (const p of result.pairs) {
    if (!p.pair.classify || p.onlyUs.length + p.onlyRuff.length === 0) continue;
    const comparable = comparableAgreement(p);
    out(`- ${p.pair.stacklint} on the comparable set (classes outside the other rule left out): ${comparable.ours} / ${comparable.ruff} / ${p.both}: ${comparable.agreement.toFixed(3)}`);
    for (const c of differenceClasses(p)) out(`  - ${c.side}, ${c.outOfScope ? 'out of scope' : 'in scope'}: ${c.label}: ${c.count} (${c.examples.join(', ')})`);
  }
  out();
  if (examples <= 0) return;
  for (const p of result.pairs) {
    for (const [side, list] of [['only us', p.onlyUs], ['only Ruff', p.onlyRuff]] as const) {
      if (list.length === 0) continue;
      out(`- ${p.pair.stacklint}, ${side} (${list.length}):`);
      for (const f of spread(list, examples)) out(`  - ${where(f)} ${f.rule}: ${f.message.slice(0, 100)}`);
    }
  }
  out();
}

/** Up to `count` findings from different files, so one file full of the same idiom does not fill the sample. */
function spread(list: Located[], count: number): Located[] {
  const files = new Set<number>();
  const distinct = list.filter((f) => !files.has(f.file) && files.add(f.file));
  return [...distinct, ...list.filter((f) => !distinct.includes(f))].slice(0, count);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      examples: { type: 'string', default: '3' },
      dump: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: node --liftoff-only dist/bench/agreement.js [--corpus stdlib,django,...|PATH] [--examples 3] [--dump FILE.json]\n');
    return;
  }
  const known = knownCorpora();
  const names = values.corpus ? values.corpus.split(',').filter(Boolean) : [...known.keys()];
  const target = execFileSync('python3', ['-c', 'import sys; print("py%d%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
  await initPythonParser();
  process.stdout.write(`# stacklint ${require('../package.json').version} vs Ruff ${Workspace.version()} (target ${target})\n\n`);
  const results: CorpusResult[] = [];
  for (const name of names) {
    const root = known.get(name) ?? resolve(name);
    process.stderr.write(`agreement: ${name}...\n`);
    const result = runCorpus(name, root, target);
    print(result, Number(values.examples));
    results.push(result);
  }
  if (values.dump) {
    const dump = results.map((r) => ({
      corpus: r.name,
      root: r.root,
      unparsed: r.unparsed,
      rules: r.pairs.map((p) => ({
        rule: p.pair.stacklint,
        ruff: p.pair.ruff,
        ours: p.ours,
        theirs: p.ruff,
        both: p.both,
        agreement: p.agreement,
        leftOut: p.leftOut,
        comparable: p.pair.classify ? comparableAgreement(p) : undefined,
        onlyUs: p.onlyUs.map((f) => ({ at: where(f), message: f.message, difference: (f as Classified).difference })),
        onlyRuff: p.onlyRuff.map((f) => ({ at: where(f), code: f.rule, message: f.message, difference: (f as Classified).difference })),
      })),
    }));
    writeFileSync(values.dump, `${JSON.stringify(dump, null, 1)}\n`);
    process.stderr.write(`agreement: wrote ${values.dump}\n`);
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`agreement: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
