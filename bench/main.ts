import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, type } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeSource } from '../server/src/core/decode';
import { PYTHON_RULES } from '../server/src/python/rules/index';
import { type CliRun, runCli } from './cliRun';
import { comparePair, countByRule, RULE_PAIRS, sampleDisagreements, SYNTAX_ERROR, unparsedFiles } from './compare';
import { loadCorpus } from './corpus';
import { generateCorpus } from './generate';
import { type CorpusReport, type Machine, renderCorpus, renderDocument } from './markdown';
import { hotSpots } from './profile';
import { runWorker, type WorkerRequest, type WorkerResult } from './worker';

const USAGE = `Usage: npm run bench -- [--corpus stdlib,generated,PATH] [--runs 3] [--generated-files 300]
                       [--no-cli] [--profile] [--out docs/benchmarks.md | --no-write] [--shared | --idle]`;

/** The repository root: this bundle lives in dist/bench/. */
const REPO = resolve(__dirname, '../..');

interface Options {
  corpora: string[];
  runs: number;
  generatedFiles: number;
  cli: boolean;
  profile: boolean;
  out?: string;
  shared?: boolean;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string', default: 'stdlib,generated' },
      runs: { type: 'string', default: '3' },
      'generated-files': { type: 'string', default: '300' },
      'no-cli': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      out: { type: 'string', default: 'docs/benchmarks.md' },
      'no-write': { type: 'boolean', default: false },
      shared: { type: 'boolean' },
      idle: { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  return {
    corpora: values.corpus.split(',').filter(Boolean),
    runs: Math.max(1, Number(values.runs)),
    generatedFiles: Math.max(1, Number(values['generated-files'])),
    cli: !values['no-cli'],
    profile: values.profile,
    out: values['no-write'] ? undefined : resolve(REPO, values.out),
    shared: values.shared ? true : values.idle ? false : undefined,
  };
}

function python(): { stdlib: string; target: string; version: string } {
  const script = 'import sys, sysconfig; print(sysconfig.get_paths()["stdlib"]); print("py%d%d" % sys.version_info[:2]); print(sys.version.split()[0])';
  const [stdlib, target, version] = execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  return { stdlib, target, version };
}

function runEngine(request: Omit<WorkerRequest, 'out'>, profileDir?: string): WorkerResult {
  const out = join(mkdtempSync(join(tmpdir(), 'stacklint-bench-')), 'result.json');
  const flags = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawnSync(process.execPath, [...flags, __filename, '--worker', JSON.stringify({ ...request, out })], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`${request.engine} worker failed (status ${child.status}, signal ${child.signal})`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as WorkerResult;
  rmSync(join(out, '..'), { recursive: true, force: true });
  return result;
}

const fileLines = new Map<string, string[]>();

/** One trimmed source line (1-based), for the disagreement table; files are read once each. */
function lineText(path: string, line: number): string {
  let lines = fileLines.get(path);
  if (!lines) {
    const decoded = decodeSource(readFileSync(path), true);
    lines = decoded.ok ? decoded.text.split(/\r\n|\r|\n/) : [];
    fileLines.set(path, lines);
  }
  const trimmed = (lines[line - 1] ?? '').trim();
  return trimmed.length > 110 ? `${trimmed.slice(0, 107)}...` : trimmed;
}

function benchCorpus(name: string, options: Options, target: string, pythonVersion: string): CorpusReport {
  const { root, title } =
    name === 'stdlib'
      ? { root: python().stdlib, title: `Corpus: Python ${pythonVersion} standard library (without site-packages)` }
      : name === 'generated'
        ? { root: generateCorpus(join(tmpdir(), 'stacklint-bench-generated'), options.generatedFiles), title: `Corpus: generated service code (${options.generatedFiles} modules + tests)` }
        : { root: resolve(name), title: `Corpus: ${resolve(name)}` };
  const corpus = loadCorpus(root);
  const log = (message: string) => process.stderr.write(`bench [${name}]: ${message}\n`);
  log(`${corpus.files.length} files, ${corpus.lines} lines, ${corpus.bytes} bytes`);

  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'stacklint-bench-prof-')) : undefined;
  log('stacklint engine...');
  const stacklint = runEngine({ engine: 'stacklint', root, runs: options.runs, targetVersion: target }, profileDir);
  log('Ruff engine...');
  const ruff = runEngine({ engine: 'ruff', root, runs: options.runs, targetVersion: target });
  let cli: CliRun[] | undefined;
  if (options.cli) {
    log('stacklint CLI (warm-up + runs)...');
    runCli(REPO, root);
    cli = Array.from({ length: options.runs }, () => runCli(REPO, root));
  }

  const pairs = RULE_PAIRS.map((pair) => comparePair(pair, stacklint.files, stacklint.findings, ruff.findings));
  const paired = new Set(RULE_PAIRS.flatMap((pair) => [pair.stacklint, ...pair.ruff]));
  const unparsed = unparsedFiles(ruff.findings);
  const sql = pairs.find((p) => p.pair.stacklint === 'sql-string-formatting');
  const textOf = (finding: { file: number; line: number }) => lineText(join(root, stacklint.files[finding.file]), finding.line);
  const samples = sql
    ? sampleDisagreements(sql, unparsed, 10, textOf).map(({ side, finding, text }) => ({ side, where: `${stacklint.files[finding.file]}:${finding.line}`, text }))
    : [];
  const profile = profileDir ? hotSpots(join(profileDir, readdirSync(profileDir)[0])) : undefined;
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  return {
    title,
    root,
    files: corpus.files.length,
    lines: corpus.lines,
    bytes: corpus.bytes,
    skipped: corpus.skipped,
    runs: options.runs,
    stacklint,
    ruff,
    cli,
    pairs,
    otherStacklint: [...countByRule(stacklint.findings)].filter(([rule]) => !paired.has(rule)).sort(),
    ruffOnlyRules: [...countByRule(ruff.findings)].filter(([rule]) => !paired.has(rule) && rule !== SYNTAX_ERROR).sort(),
    unparsedFiles: unparsed.size,
    samples,
    profile,
  };
}

const NOTES_MARKER = '<!-- Notes below are written by hand and kept when npm run bench rewrites this file. -->';

/** The hand-written notes at the end of the previous document, if any. */
function keptNotes(path: string): string {
  if (!existsSync(path)) return '';
  const previous = readFileSync(path, 'utf8');
  const at = previous.indexOf(NOTES_MARKER);
  return at === -1 ? '' : `\n${previous.slice(at)}`;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--worker') return runWorker(JSON.parse(argv[1]) as WorkerRequest);
  const options = parseOptions(argv);
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const loadBefore = loadavg();
  const { target, version } = python();
  const sections = options.corpora.map((name) => renderCorpus(benchCorpus(name, options, target, version)));
  const loadAfter = loadavg();
  const nproc = availableParallelism();
  const machine: Machine = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    nproc,
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'}`,
    node: process.version,
    os: `${type()} ${release()}`,
    loadBefore,
    loadAfter,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain', '--', 'server/src']) !== '',
    ruffTarget: target,
    rules: PYTHON_RULES.map((rule) => rule.meta.id),
  };
  // Other work on the machine shows as load beyond what the benchmark itself adds (one busy core).
  const shared = options.shared ?? Math.max(loadBefore[0], loadAfter[0]) > 1.5;
  const document = renderDocument(machine, sections, shared);
  process.stdout.write(document);
  if (options.out) {
    writeFileSync(options.out, document + keptNotes(options.out));
    process.stderr.write(`bench: wrote ${options.out}\n`);
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
