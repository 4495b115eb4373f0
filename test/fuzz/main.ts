// The long fuzz run: `npm run fuzz -- --minutes 20` (or FUZZ_MINUTES=20).
// The same inputs and properties as the bounded property tests, for as long
// as it is given, with two more oracles on every fix to Python: python3 must
// compile the result when it compiled the input, and Ruff (WebAssembly) must
// find no new F401/F811/F821/F823/F841 in it. Failing inputs are written to
// --out (default /tmp/stacklint-fuzz) with what broke.
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as fc from 'fast-check';
import { initPythonParser, pythonParserBroken } from '../../server/src/python/parse';
import { checkInput, type FuzzInput, inputs, type InputKind, seedTexts } from '../support/fuzz';

const KINDS: InputKind[] = ['python', 'requirements', 'pyproject'];
const ORACLE_CODES = ['F401', 'F811', 'F821', 'F823', 'F841'];
const BATCH = 40;

// Compiles pairs of (input, fixed) texts in one python3 process; answers the
// indexes of pairs whose input compiled and whose fixed text does not.
const COMPILE_PAIRS = `
import sys, json, warnings
warnings.simplefilter("ignore")
def ok(src):
    try:
        compile(src, "<fuzz>", "exec", dont_inherit=True)
        return True
    except Exception:
        return False
pairs = json.load(sys.stdin)
json.dump([i for i, (a, b) in enumerate(pairs) if ok(a) and not ok(b)], sys.stdout)
`;

interface Stats {
  inputs: number;
  bytes: number;
  fixes: number;
  failures: number;
  slowestPerKb: { msPerKb: number; ms: number; kb: number; file?: string };
  slowest: { ms: number; kb: number };
}

interface Options {
  minutes: number;
  out: string;
  seed: number;
  /** Saved failing inputs (`failure-N-<kind>.input`) to check again instead of generating new ones. */
  replay: string[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { minutes: Number(process.env.FUZZ_MINUTES ?? 1), out: '/tmp/stacklint-fuzz', seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), replay: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--minutes') options.minutes = Number(argv[++i]);
    else if (argv[i] === '--out') options.out = resolve(argv[++i]);
    else if (argv[i] === '--seed') options.seed = Number(argv[++i]);
    else if (argv[i] === '--replay') options.replay.push(...argv.slice(i + 1)), (i = argv.length);
    else throw new Error(`unknown argument ${argv[i]}; usage: fuzz [--minutes N] [--out DIR] [--seed N] [--replay FILE ...]`);
  }
  return options;
}

function ruffOracle(): (before: string, after: string) => string | undefined {
  const workspace = new Workspace({ 'target-version': 'py311', lint: { select: ORACLE_CODES } }, PositionEncoding.Utf16);
  const findings = (text: string): string[] => {
    try {
      return (workspace.check(text) as { code: string | null; message: string }[]).filter((d) => d.code === 'invalid-syntax' || ORACLE_CODES.includes(d.code ?? '')).map((d) => `${d.code} ${d.message.replace(/line \d+/g, 'line N')}`);
    } catch {
      return [];
    }
  };
  return (before, after) => {
    // Python refuses every source with a NUL byte, and the CLI skips such a file as binary: there is no program to keep whole.
    if (before.includes('\0')) return undefined;
    const original = findings(before);
    // Code Ruff cannot read is judged by the compile oracle instead.
    if (original.some((finding) => finding.startsWith('invalid-syntax'))) return undefined;
    const left = new Map<string, number>();
    for (const item of original) left.set(item, (left.get(item) ?? 0) + 1);
    const added: string[] = [];
    for (const item of findings(after)) {
      const count = left.get(item) ?? 0;
      if (count > 0) left.set(item, count - 1);
      else added.push(item);
    }
    if (added.some((finding) => finding.startsWith('invalid-syntax'))) return undefined;
    return added.length > 0 ? `Ruff finds new ${added.join('; ')}` : undefined;
  };
}

/** The indexes of the pairs whose input python3 compiles and whose fixed text it does not. */
function compileBroken(pairs: [string, string][]): number[] {
  if (pairs.length === 0) return [];
  const run = spawnSync('python3', ['-c', COMPILE_PAIRS], { input: JSON.stringify(pairs), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) process.stderr.write(`fuzz: python3 failed: ${run.stderr.slice(0, 300)}\n`);
  return run.status === 0 ? (JSON.parse(run.stdout) as number[]) : [];
}

/**
 * After an input that broke the parser (a WebAssembly trap, caught and
 * reported by the engine), a fresh one, as the CLI and the server make:
 * without it every later Python input would only be "not linted". True when
 * it was needed.
 */
async function healParser(): Promise<boolean> {
  if (!pythonParserBroken()) return false;
  await initPythonParser();
  return true;
}

/** Checks saved inputs again; the kind is in the file name. */
async function replay(files: string[], ruff: (before: string, after: string) => string | undefined): Promise<number> {
  let failures = 0;
  for (const file of files) {
    const kind = KINDS.find((candidate) => file.includes(candidate)) ?? 'python';
    const pairs: [string, string][] = [];
    const result = checkInput({ kind, text: readFileSync(file, 'utf8') }, { msPerKb: 100, maxFixes: 1000, pythonOracle: (before, after) => (pairs.push([before, after]), ruff(before, after)) });
    if (compileBroken(pairs).length > 0) result.problems.push('python3 compiled the input but not a fixed text');
    const healed = await healParser();
    process.stdout.write(`${file}: ${result.problems.length === 0 ? 'ok' : result.problems.join('; ')}${healed ? ' (the parser broke and was replaced)' : ''}\n`);
    if (result.problems.length > 0) failures++;
  }
  return failures === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.replay.length > 0) return replay(options.replay, ruffOracle());
  mkdirSync(options.out, { recursive: true });
  const seeds = seedTexts();
  const ruff = ruffOracle();
  const stats = new Map<InputKind, Stats>(KINDS.map((kind) => [kind, { inputs: 0, bytes: 0, fixes: 0, failures: 0, slowestPerKb: { msPerKb: 0, ms: 0, kb: 0 }, slowest: { ms: 0, kb: 0 } }]));
  const deadline = Date.now() + options.minutes * 60_000;
  let failureCount = 0;
  let parsersReplaced = 0;
  const fail = (input: FuzzInput, problems: string[]) => {
    failureCount++;
    stats.get(input.kind)!.failures++;
    const file = join(options.out, `failure-${failureCount}-${input.kind}`);
    writeFileSync(`${file}.input`, input.text);
    writeFileSync(`${file}.problems.txt`, problems.join('\n') + '\n');
    process.stderr.write(`fuzz: ${input.kind} failure ${failureCount}: ${problems[0].split('\n')[0]} (${file}.input)\n`);
  };

  let round = 0;
  while (Date.now() < deadline) {
    for (const kind of KINDS) {
      const batch = fc.sample(inputs(kind, seeds[kind]), { numRuns: BATCH, seed: options.seed + round * KINDS.length + KINDS.indexOf(kind) });
      const pairs: { input: FuzzInput; before: string; after: string; title: string }[] = [];
      for (const input of batch) {
        const result = checkInput(input, {
          msPerKb: 100,
          maxFixes: 12,
          pythonOracle: (before, after, title) => {
            pairs.push({ input, before, after, title });
            return ruff(before, after);
          },
        });
        const kindStats = stats.get(kind)!;
        kindStats.inputs++;
        kindStats.bytes += Buffer.byteLength(input.text);
        kindStats.fixes += result.fixesChecked;
        if (result.cpuMs > kindStats.slowest.ms) kindStats.slowest = { ms: result.cpuMs, kb: result.kb };
        // Per KB only for inputs of 1 KB and more: below that the fixed cost of a lint dominates.
        if (result.kb >= 1 && result.cpuMs / result.kb > kindStats.slowestPerKb.msPerKb) {
          const file = join(options.out, `slowest-per-kb-${kind}.input`);
          writeFileSync(file, input.text);
          kindStats.slowestPerKb = { msPerKb: result.cpuMs / result.kb, ms: result.cpuMs, kb: result.kb, file };
        }
        if (result.problems.length > 0) fail(input, result.problems);
        if (await healParser()) parsersReplaced++;
      }
      if (pairs.length > 0) {
        for (const index of compileBroken(pairs.map((p) => [p.before, p.after]))) fail(pairs[index].input, [`fix "${pairs[index].title}": python3 compiled the input but not the fixed text`, pairs[index].after]);
      }
    }
    round++;
  }

  process.stdout.write(`stacklint fuzz: ${options.minutes} min, seed ${options.seed}, failures in ${options.out}; the Python parser broke and was replaced ${parsersReplaced} times\n\n`);
  process.stdout.write('| kind | inputs | MB | fixes checked | failures | slowest input | slowest per KB (inputs >= 1 KB) |\n|---|---|---|---|---|---|---|\n');
  for (const [kind, s] of stats) {
    const perKb = s.slowestPerKb.kb > 0 ? `${s.slowestPerKb.msPerKb.toFixed(1)} ms/KB (${s.slowestPerKb.ms.toFixed(0)} ms, ${s.slowestPerKb.kb.toFixed(1)} KB)` : '-';
    process.stdout.write(`| ${kind} | ${s.inputs} | ${(s.bytes / 1e6).toFixed(1)} | ${s.fixes} | ${s.failures} | ${s.slowest.ms.toFixed(0)} ms CPU (${s.slowest.kb.toFixed(1)} KB) | ${perKb} |\n`);
  }
  return failureCount === 0 ? 0 : 1;
}

initPythonParser().then(main).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`fuzz: ${error}\n`);
    process.exitCode = 2;
  },
);
