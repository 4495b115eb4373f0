import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, type } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeSource } from '../server/src/core/decode';
import { PYTHON_RULES } from '../server/src/python/rules/index';
import { type CliScenarios, runCliScenarios } from './cliScenarios';
import { comparePair, countByRule, RULE_PAIRS, sampleDisagreements, SYNTAX_ERROR, unparsedFiles } from './compare';
import { loadCorpus } from './corpus';
import { generateCorpus } from './generate';
import { type CorpusReport, type Machine, renderDocument } from './markdown';
import { hotSpots } from './profile';
import { ruffCli } from './ruffCli';
import { runWorker, type WorkerRequest, type WorkerResult } from './worker';

const USAGE = `Usage: npm run bench -- [--corpus stdlib,django,sqlalchemy,generated,NAME,PATH] [--runs 3]
                       [--generated-files 300] [--no-cli] [--profile] [--out docs/benchmarks.md | --no-write]
                       [--shared | --idle]
NAME is a corpus bench/corpora.sh prints (django, sqlalchemy, flask, fastapi, stdlib).`;

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
      corpus: { type: 'string', default: 'stdlib,django,sqlalchemy' },
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

/** The corpora bench/corpora.sh unpacks (Debian's Django, SQLAlchemy, ...), by name; downloaded on first use. */
function namedCorpora(): Map<string, string> {
  const out = execFileSync('sh', [join(REPO, 'bench/corpora.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return new Map(out.trim().split('\n').map((line) => line.split('\t') as [string, string]));
}

function corpusRoot(name: string, options: Options, pythonVersion: string): { root: string; title: string } {
  if (name === 'stdlib') return { root: python().stdlib, title: `Corpus: Python ${pythonVersion} standard library (without site-packages)` };
  if (name === 'generated') {
    return { root: generateCorpus(join(tmpdir(), 'stacklint-bench-generated'), options.generatedFiles), title: `Corpus: generated service code (${options.generatedFiles} modules + tests)` };
  }
  if (/^[a-z]+$/.test(name) && !existsSync(name)) {
    const root = namedCorpora().get(name);
    if (!root) throw new Error(`unknown corpus ${name}: bench/corpora.sh does not list it`);
    return { root, title: `Corpus: Debian's python3-${name} (${root.split('/stacklint-corpora/')[1] ?? root})` };
  }
  return { root: resolve(name), title: `Corpus: ${resolve(name)}` };
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

/** The 1-minute load average, sampled at every step: the benchmark runs beside other engineers' work. */
const loadSamples: number[] = [];

function benchCorpus(name: string, options: Options, target: string, pythonVersion: string): CorpusReport {
  const { root, title } = corpusRoot(name, options, pythonVersion);
  const corpus = loadCorpus(root);
  const log = (message: string) => {
    loadSamples.push(loadavg()[0]);
    process.stderr.write(`bench [${name}]: ${message} (load ${loadavg()[0].toFixed(2)})\n`);
  };
  log(`${corpus.files.length} files, ${corpus.lines} lines, ${corpus.bytes} bytes`);

  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'stacklint-bench-prof-')) : undefined;
  log('stacklint engine...');
  const stacklint = runEngine({ engine: 'stacklint', root, runs: options.runs, targetVersion: target }, profileDir);
  log('Ruff engine...');
  const ruff = runEngine({ engine: 'ruff', root, runs: options.runs, targetVersion: target });
  const cli: CliScenarios | undefined = options.cli ? runCliScenarios(REPO, root, target, options.runs, log) : undefined;

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
    name,
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
  if (argv[0] === '--ruff-cli') return ruffCli(argv[1], argv[2]);
  const options = parseOptions(argv);
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const loadBefore = loadavg();
  const { target, version } = python();
  const reports = options.corpora.map((name) => benchCorpus(name, options, target, version));
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
  const shared = options.shared ?? Math.max(loadBefore[0], loadAfter[0], ...loadSamples) > 1.5;
  const load = `1-minute load sampled at each step of the run: min ${Math.min(...loadSamples).toFixed(2)}, max ${Math.max(...loadSamples).toFixed(2)} on ${nproc} cores (the benchmark itself keeps up to ${nproc} busy during stacklint's CLI runs)`;
  const document = renderDocument(machine, reports, shared, load);
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
