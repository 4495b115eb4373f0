// Are stacklint's fixes safe on real code? Copies each corpus, runs
// `stacklint --fix` (with `--unsafe-fixes` when the CLI has it, so every fix
// is applied) over the copy twice, and checks with independent oracles:
//   - python3 compiles every file after the fix that compiled before;
//   - Ruff (WebAssembly) finds no new F401 (unused import), F811 (redefined
//     unused name), F821 (undefined name), F823 (local referenced before
//     assignment: the UnboundLocalError a print fix once caused) or F841
//     (unused local) in a fixed file;
//   - the second run changes nothing.
// Usage: npm run fix-safety -- [--out DIR] [CORPUS_DIR ...]
// Without corpora: the stdlib and the unpacked Debian Django, SQLAlchemy and
// Flask packages that bench/corpora.sh fetches and caches.
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { walkFiles } from '../server/src/engine/walk';
import { knownCorpora } from './corpus';

const ORACLE_CODES = ['F401', 'F811', 'F821', 'F823', 'F841'];
/** The stdlib and Debian's Django, SQLAlchemy and Flask, from bench/corpora.sh (the issue's corpora). */
function defaultCorpora(): string[] {
  const known = knownCorpora();
  return ['stdlib', 'django', 'sqlalchemy', 'flask'].flatMap((name) => {
    const folder = known.get(name);
    return folder ? [name === 'stdlib' ? folder : join(folder, name)] : [];
  });
}
const SKIPPED_DIRS = new Set(['site-packages', '__pycache__']);
const CLI = resolve(__dirname, '..', '..', 'bin', 'stacklint.js');

// One python3 process compiles a whole list of files (bytes in, so coding
// declarations hold) and answers with the ones that compile.
const COMPILE_ALL = `
import sys, json, warnings
warnings.simplefilter("ignore")
ok = []
for path in sys.stdin.read().split("\\0"):
    if not path: continue
    try:
        with open(path, "rb") as f: compile(f.read(), path, "exec", dont_inherit=True)
        ok.append(path)
    except Exception:
        pass
json.dump(ok, sys.stdout)
`;

interface Snapshot {
  hash: string;
  text: string;
}

function pythonFiles(root: string): string[] {
  return walkFiles(root, () => false)
    .filter((file) => file.raw === undefined && file.path.endsWith('.py'))
    .map((file) => file.path);
}

function snapshot(paths: readonly string[]): Map<string, Snapshot> {
  const result = new Map<string, Snapshot>();
  for (const path of paths) {
    const bytes = readFileSync(path);
    result.set(path, { hash: createHash('sha1').update(bytes).digest('hex'), text: bytes.toString('utf8') });
  }
  return result;
}

function compiling(paths: readonly string[]): Set<string> {
  const run = spawnSync('python3', ['-c', COMPILE_ALL], { input: paths.join('\0'), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return new Set(JSON.parse(run.stdout) as string[]);
}

interface RuffMessage {
  code: string | null;
  message: string;
}

/** Messages name lines (`redefinition of unused x from line 12`), which move when a fix adds lines. */
function withoutLineNumbers(message: string): string {
  return message.replace(/line \d+/g, 'line N');
}

/** The oracle's findings in a text, as `CODE message` strings (a multiset: repeated entries count). */
function oracleFindings(workspace: Workspace, text: string): string[] {
  try {
    return (workspace.check(text) as RuffMessage[]).filter((d) => d.code && ORACLE_CODES.includes(d.code)).map((d) => `${d.code} ${withoutLineNumbers(d.message)}`);
  } catch {
    return ['ruff-panic'];
  }
}

/** Findings in `after` beyond those in `before`, counting repeats. */
function added(before: readonly string[], after: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(item, (counts.get(item) ?? 0) + 1);
  const extra: string[] = [];
  for (const item of after) {
    const left = counts.get(item) ?? 0;
    if (left > 0) counts.set(item, left - 1);
    else extra.push(item);
  }
  return extra;
}

function runFix(root: string, unsafeFlag: string[]): { code: number | null; seconds: number; stderr: string } {
  const start = Date.now();
  const run = spawnSync(process.execPath, [CLI, '--fix', ...unsafeFlag, '--quiet', '--format', 'json', '.'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: run.status, seconds: (Date.now() - start) / 1000, stderr: run.stderr };
}

interface CorpusResult {
  name: string;
  files: number;
  compiledBefore: number;
  changed: number;
  stillCompile: number;
  brokeCompile: string[];
  newFindings: { path: string; findings: string[] }[];
  secondRunChanged: string[];
  seconds: number[];
  crashes: string[];
}

function checkCorpus(source: string, out: string, workspace: Workspace, unsafeFlag: string[]): CorpusResult {
  const name = basename(source) === 'python3.11' ? 'stdlib' : basename(source);
  const copy = join(out, name);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(source, copy, { recursive: true, filter: (path) => !SKIPPED_DIRS.has(basename(path)) });
  const paths = pythonFiles(copy);
  const before = snapshot(paths);
  const compiledBefore = compiling(paths);

  const first = runFix(copy, unsafeFlag);
  const after = snapshot(paths);
  const changed = paths.filter((path) => before.get(path)!.hash !== after.get(path)!.hash);
  const compiledAfter = compiling(changed.filter((path) => compiledBefore.has(path)));
  const brokeCompile = changed.filter((path) => compiledBefore.has(path) && !compiledAfter.has(path));
  const newFindings = changed
    .map((path) => ({ path, findings: added(oracleFindings(workspace, before.get(path)!.text), oracleFindings(workspace, after.get(path)!.text)) }))
    .filter((entry) => entry.findings.length > 0);

  const second = runFix(copy, unsafeFlag);
  const third = snapshot(paths);
  const secondRunChanged = paths.filter((path) => after.get(path)!.hash !== third.get(path)!.hash);
  const crashes = [first, second].filter((run) => run.code !== 0 && run.code !== 1).map((run) => `exit ${run.code}: ${run.stderr.slice(0, 500)}`);
  return {
    name,
    files: paths.length,
    compiledBefore: compiledBefore.size,
    changed: changed.length,
    stillCompile: changed.filter((path) => compiledBefore.has(path)).length - brokeCompile.length,
    brokeCompile,
    newFindings,
    secondRunChanged,
    seconds: [first.seconds, second.seconds],
    crashes,
  };
}

function main(argv: string[]): number {
  let out = '/tmp/stacklint-fix-safety';
  const corpora: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = resolve(argv[++i]);
    else corpora.push(resolve(argv[i]));
  }
  const sources = (corpora.length > 0 ? corpora : defaultCorpora()).filter((path) => {
    if (existsSync(path)) return true;
    process.stderr.write(`fix-safety: ${path} not found; skipped\n`);
    return false;
  });
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout;
  const unsafeFlag = help.includes('--unsafe-fixes') ? ['--unsafe-fixes'] : [];
  const workspace = new Workspace({ 'target-version': 'py311', lint: { select: ORACLE_CODES } }, PositionEncoding.Utf16);
  process.stdout.write(`stacklint --fix ${unsafeFlag.join(' ')} on copies under ${out}; oracles: python3 compile(), Ruff ${Workspace.version()} ${ORACLE_CODES.join('/')}\n\n`);
  process.stdout.write('| corpus | .py files | compiled before | changed by --fix | still compile | broke compile | files with new F-findings | changed by a 2nd run | --fix s (1st, 2nd) |\n');
  process.stdout.write('|---|---|---|---|---|---|---|---|---|\n');
  let failures = 0;
  const details: string[] = [];
  for (const source of sources) {
    const result = checkCorpus(source, out, workspace, unsafeFlag);
    process.stdout.write(
      `| ${result.name} | ${result.files} | ${result.compiledBefore} | ${result.changed} | ${result.stillCompile} | ${result.brokeCompile.length} | ${result.newFindings.length} | ${result.secondRunChanged.length} | ${result.seconds.map((s) => s.toFixed(1)).join(', ')} |\n`,
    );
    failures += result.brokeCompile.length + result.newFindings.length + result.secondRunChanged.length + result.crashes.length;
    for (const path of result.brokeCompile) details.push(`broke compile: ${path}`);
    for (const entry of result.newFindings) details.push(`new findings: ${entry.path}: ${entry.findings.join('; ')}`);
    for (const path of result.secondRunChanged) details.push(`changed by the second run: ${path}`);
    for (const crash of result.crashes) details.push(`${result.name}: stacklint ${crash}`);
  }
  if (details.length > 0) process.stdout.write(`\n${details.join('\n')}\n`);
  process.stdout.write(`\n${failures === 0 ? 'No fix broke compilation, left an unused import or an unbound name, or changed on a second run.' : `${failures} failures.`}\n`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
