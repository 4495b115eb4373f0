import type { CliScenarios } from './cliScenarios';
import { median, renderCli, renderCliSummary } from './markdownCli';
import type { PairCount } from './compare';
import type { HotSpot } from './profile';
import type { WorkerResult } from './worker';

export interface Machine {
  date: string;
  nproc: number;
  cpu: string;
  node: string;
  os: string;
  loadBefore: number[];
  loadAfter: number[];
  commit: string;
  dirty: boolean;
  ruffTarget: string;
  rules: string[];
}

export interface CorpusReport {
  title: string;
  root: string;
  files: number;
  lines: number;
  bytes: number;
  skipped: { rel: string; reason: string }[];
  runs: number;
  stacklint: WorkerResult;
  ruff: WorkerResult;
  /** The short name it was asked for by (stdlib, django, ...). */
  name: string;
  cli?: CliScenarios;
  pairs: PairCount[];
  otherStacklint: [string, number][];
  ruffOnlyRules: [string, number][];
  unparsedFiles: number;
  samples: { side: string; where: string; text: string }[];
  profile?: HotSpot[];
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const one = (n: number) => n.toFixed(1);
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('`', "'");

function speedRow(label: string, runs: number[], report: CorpusReport, rest: string[]): string {
  const ms = median(runs);
  const seconds = ms / 1000;
  return `| ${label} | ${int(ms)} | ${int(Math.min(...runs))} | ${int(report.files / seconds)} | ${int(report.lines / seconds)} | ${rest.join(' | ')} |`;
}

export function renderCorpus(report: CorpusReport): string {
  const { stacklint, ruff } = report;
  const out: string[] = [];
  out.push(`## ${report.title}`, '');
  out.push(`\`${report.root}\`: **${int(report.files)} files, ${int(report.lines)} lines, ${one(report.bytes / 1024 / 1024)} MiB**, read and decoded once before timing.`);
  if (report.skipped.length > 0) {
    const reasons = report.skipped.map((s) => `\`${s.rel}\` (${s.reason})`).join(', ');
    out.push(`Skipped by both engines because they cannot be decoded as Python source: ${reasons}.`);
  }
  out.push('');
  if (report.cli) out.push(...renderCli(report.cli, ruff.version, report.files));
  out.push(`### Engines in-process, warmed up (median of ${report.runs} runs after warm-up)`, '');
  out.push('| engine | total ms (median) | min ms | files/s | lines/s | init ms | peak RSS MB | RSS over corpus baseline MB |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [label, result] of [[`stacklint ${stacklint.version} engine (\`lintText\`)`, stacklint], [`Ruff ${ruff.version} wasm (\`Workspace.check\`)`, ruff]] as const) {
    const rss = [int(result.initMs), int(result.peakRssMb), int(result.peakRssMb - result.baselineRssMb)];
    out.push(speedRow(label, result.runMs, report, rss));
  }
  out.push('');
  const warm = (ms: number[]) => `warm-up ${ms.length === 1 ? '' : `${ms.length} passes: `}${ms.map(int).join(', ')}`;
  out.push(`All runs (ms): stacklint ${stacklint.runMs.map(int).join(', ')} (${warm(stacklint.warmupMs)}); ` +
    `Ruff ${ruff.runMs.map(int).join(', ')} (${warm(ruff.warmupMs)}).`);
  out.push('', `### Findings per rule`, '');
  const cliCount = (rule: string) => (report.cli ? int(report.cli.cold[0].byRule[rule] ?? 0) : '–');
  out.push('| stacklint rule | stacklint | stacklint CLI | Ruff rule(s) | Ruff | agree | stacklint only | Ruff only |');
  out.push('|---|---:|---:|---|---:|---:|---:|---:|');
  for (const p of report.pairs) {
    const ruffCount = p.pair.outsideTests ? `${int(p.ruff)} (${int(p.ruffAllFiles)} incl. tests)` : int(p.ruff);
    const codes = p.pair.ruff.length > 2 ? `${p.pair.ruff[0]}–${p.pair.ruff[p.pair.ruff.length - 1]}` : p.pair.ruff.join(', ');
    const row = [p.pair.stacklint, int(p.stacklint), cliCount(p.pair.stacklint), codes, ruffCount, int(p.agreed), int(p.stacklintOnly.length), int(p.ruffOnly.length)];
    out.push(`| ${row.join(' | ')} |`);
  }
  for (const [rule, n] of report.otherStacklint) out.push(`| ${rule} | ${int(n)} | ${cliCount(rule)} | – | – | – | – | – |`);
  for (const [rule, n] of report.ruffOnlyRules) out.push(`| – | – | – | ${rule} | ${int(n)} | – | – | – |`);
  out.push('');
  out.push('"agree" counts stacklint findings with a Ruff finding of the corresponding rule on overlapping lines of the same file; the "only" columns count findings with no counterpart on the other side.');
  out.push(`Ruff rejected ${int(report.unparsedFiles)} file(s) as invalid syntax and reports no rule findings in them; stacklint's tree-sitter parse recovers and still lints them.`);
  const errors = [...Object.entries(stacklint.errors).map(([rule, n]) => `stacklint rule ${rule} threw in ${n} file(s)`), ...Object.entries(ruff.errors).map(([, n]) => `Ruff threw on ${n} file(s)`)];
  if (errors.length > 0) out.push(`Engine errors (reported and skipped): ${errors.join('; ')}.`);
  if (report.cli) {
    const cold = report.cli.cold[0];
    const cliTotal = Object.values(cold.byRule).reduce((a, b) => a + b, 0);
    const engineTotal = stacklint.findings.length;
    const engineByRule: Record<string, number> = {};
    for (const f of stacklint.findings) engineByRule[f.rule] = (engineByRule[f.rule] ?? 0) + 1;
    const cliByRule = cold.byRule;
    const differing = Object.keys({ ...cliByRule, ...engineByRule }).filter((rule) => (cliByRule[rule] ?? 0) !== (engineByRule[rule] ?? 0));
    out.push(`The CLI reported ${int(cliTotal)} findings (engine in-process: ${int(engineTotal)}), exit code ${cold.exitCode}, ${cold.stderrLines} stderr line(s)` +
      (differing.length ? `; its counts differ from the engine's for ${differing.join(', ')} (see the notes).` : '; per-rule counts equal the engine\'s.'));
  }
  if (report.samples.length > 0) {
    out.push('', '### sql-string-formatting vs S608: sample disagreements', '');
    out.push('Distinct line texts first, then one per file; files Ruff could not parse are left out.', '');
    out.push('| side | file:line | line text |', '|---|---|---|');
    for (const s of report.samples) out.push(`| ${s.side} | \`${s.where}\` | \`${cell(s.text)}\` |`);
  }
  out.push('', '### Slowest files (last run)', '');
  out.push('| stacklint | ms | Ruff | ms |', '|---|---:|---|---:|');
  for (let i = 0; i < Math.max(stacklint.slowest.length, ruff.slowest.length); i++) {
    const a = stacklint.slowest[i];
    const b = ruff.slowest[i];
    out.push(`| ${a ? `\`${a.rel}\`` : ''} | ${a ? one(a.ms) : ''} | ${b ? `\`${b.rel}\`` : ''} | ${b ? one(b.ms) : ''} |`);
  }
  if (report.profile) {
    out.push('', '### stacklint CPU profile (self time, one warm-up and the timed runs)', '');
    out.push('| function | self ms | share |', '|---|---:|---:|');
    for (const h of report.profile) out.push(`| \`${cell(h.name)}\` | ${int(h.selfMs)} | ${(h.share * 100).toFixed(1)}% |`);
  }
  out.push('');
  return out.join('\n');
}

export function renderDocument(machine: Machine, reports: CorpusReport[], shared: boolean, load: string): string {
  const head = [
    '# Benchmarks',
    '',
    'stacklint against Ruff\'s WebAssembly build (`@astral-sh/ruff-wasm-nodejs`), in the same run, on the same',
    'corpora: as command lines in fresh processes (cold, and stacklint\'s result cache warm), and as engines',
    'in-process. Regenerate with `npm run bench` (options: `npm run bench -- --help`); editor latency and server',
    'memory come from `npm run bench:editor` (see the end of this document).',
    '',
    `- Date: ${machine.date}; commit \`${machine.commit}\`${machine.dirty ? ' with uncommitted changes under server/src' : ''}.`,
    `- Machine: nproc ${machine.nproc}, ${machine.cpu}; ${machine.os}; Node ${machine.node}.`,
    `- Load average (1, 5, 15 min) before: ${machine.loadBefore.map((n) => n.toFixed(2)).join(', ')}; after: ${machine.loadAfter.map((n) => n.toFixed(2)).join(', ')}; ${load}.`,
    shared
      ? `- **Taken under load**: the 1-minute load passed 1.5 on ${machine.nproc} cores (the benchmark's own CLI runs keep them busy; other work on the machine adds to it), so absolute figures are noisy and pessimistic; the ratio between engines, measured back to back, is the more useful number.`
      : '- The machine was otherwise idle.',
    `- stacklint Python rules active: ${machine.rules.join(', ')} (defaultConfig).`,
    `- Ruff settings: \`target-version = "${machine.ruffTarget}"\`, \`select = [T201, E722, S608, TID251, DTZ001–DTZ006, PLW0603, ASYNC210]\`, \`flake8-tidy-imports.banned-api = {pytz}\`.`,
    '',
    '## How it is measured',
    '',
    '- Files are collected with the CLI\'s own walker (so `site-packages`, `__pycache__` etc. are left out), read and',
    '  decoded with the CLI\'s decoder (BOM, PEP 263 coding cookie) once, before any timing. Files that cannot be',
    '  decoded are skipped by both engines and listed.',
    '- **Command line**: every run is a fresh `node` process started by the benchmark, wall time measured by the',
    '  parent, CPU time (user + sys, all threads) and peak RSS by GNU `time`. Ruff\'s wasm build runs as a cold',
    '  CLI would: `node --liftoff-only dist/bench/bench.js --ruff-cli ROOT` walks the corpus with stacklint\'s',
    '  walker, reads and decodes every file and checks it (one thread: the wasm build has none). stacklint runs',
    '  `node bin/stacklint.js ROOT --format json`: cold with `--no-cache` (alternating with Ruff\'s runs), then',
    '  on a copy of the corpus in a temporary folder with `--cache-dir` in it (so nothing is written to the',
    '  corpus or the repository): one run that writes the cache, re-runs with nothing changed, and re-runs each',
    '  after appending a comment line to one file (the 90th percentile by lines). Of the re-runs with nothing',
    '  changed, the first answers every file from the cache and leaves the memo of its report (`last-run.json`);',
    '  the others find nothing changed since and print that report without loading the linter.',
    '- Each engine runs in its own child process (`node dist/bench/bench.js --worker ...`), so the peak RSS',
    '  (getrusage `maxrss`) is that engine\'s alone. Both processes hold the same corpus strings; the "over baseline"',
    '  column subtracts the resident set measured after reading the corpus and before loading the engine.',
    '- Untimed warm-up passes over the whole corpus (at least one, and at least 5 s in all, because V8 optimizes',
    '  hot wasm functions of tree-sitter and Ruff in the background), then the timed passes. files/s and lines/s',
    '  are from the median; the minimum is shown too, as the least disturbed run on a noisy machine.',
    '  "init" is loading tree-sitter + the grammar, or constructing Ruff\'s `Workspace`, once.',
    '- Findings are matched per file when a stacklint finding and a Ruff finding of the corresponding rule',
    '  overlap in lines. stacklint skips test files for print-call, so T201 is counted outside test files too.',
    '- The stacklint engine work includes its other rules (off-stack-import, unused-suppression, ...), and',
    '  Ruff\'s includes DTZ001, so the work is not identical; it is each tool as configured for this job.',
    '',
  ];
  const withCli = reports.flatMap((report) => (report.cli ? [{ name: report.name, files: report.files, cli: report.cli }] : []));
  const summary = withCli.length > 0 ? renderCliSummary(withCli) : [];
  return [...head, ...summary, ...reports.map(renderCorpus)].join('\n');
}
