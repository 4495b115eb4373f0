// Generators and the properties every input must keep, shared by the bounded
// property tests (test/unit/reliability/properties.test.ts) and the long run
// behind `npm run fuzz` (test/fuzz/main.ts). Inputs are random and mutated
// Python, requirements and pyproject text: the fixtures, the example service
// and hand-picked hostile snippets, cut, spliced, nested and re-broken.
import * as fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { defaultConfig, type StacklintConfig } from '../../server/src/core/config';
import { settingsContext } from '../../server/src/config/load';
import { parseConfigText } from '../../server/src/config/pyproject';
import { LineIndex } from '../../server/src/core/text';
import type { Edit, Finding, Fix, Range } from '../../server/src/core/types';
import { applyEdits, fixAll } from '../../server/src/engine/fixes';
import { lintText } from '../../server/src/engine/lint';
import { parsesAsPython } from '../../server/src/python/syntax';
import { REPO } from './fixtures';

export type InputKind = 'python' | 'requirements' | 'pyproject';

export interface FuzzInput {
  kind: InputKind;
  text: string;
}

/** Where each kind is linted: a root that does not exist, so no rule reads or finds a real sibling file. */
export const FUZZ_ROOT = '/nonexistent-stacklint-fuzz';
const PATHS: Record<InputKind, string> = {
  python: `${FUZZ_ROOT}/app/service.py`,
  requirements: `${FUZZ_ROOT}/requirements.txt`,
  pyproject: `${FUZZ_ROOT}/pyproject.toml`,
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const SNIPPETS: Record<InputKind, string[]> = {
  python: [
    'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef f():\n    print(1)\n    logger = 2\n',
    'import pytz\nfrom datetime import datetime\nx = datetime.now(pytz.utc)\ny = pytz.timezone("UTC")\n',
    'def q(cur, name):\n    cur.execute(f"SELECT * FROM t WHERE n = {name}")\n    cur.execute("SELECT " + name)\n',
    'try:\n    pass\nexcept:\n    pass\n',
    'from pydantic import BaseModel\n\n\nclass M(BaseModel):\n    class Config:\n        orm_mode = True\n',
    'from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n',
    'print("x")  # stacklint: disable=print-call\nimport flask  # noqa\n',
    'async def f():\n    import requests\n    requests.get("u")\n',
  ],
  requirements: [
    'flask==1.0\nSQLAlchemy==2.0+local.7\nrequests>=1 # c\n-r base.txt\n-c constraints.txt\n',
    'fastapi[all]==0.110.0 ; python_version >= "3.10" and (os_name == "nt" or sys_platform != "x")\n',
    'pkg @ https://example.com/pkg.whl#sha256=abc\n-e git+https://h/r.git#egg=foo\npytest==7.0 \\\n    --hash=sha256:abc\n',
    'flask==1.0\rrequests==2.0\r',
  ],
  pyproject: [
    '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.8"\ndependencies = ["flask==1.0", "pytest>=7"]\n[project.optional-dependencies]\ndev = ["ruff"]\n',
    '[tool.poetry.dependencies]\npython = "^3.8"\nflask = "^1.0"\nsqlalchemy = { version = "1.4", extras = ["asyncio"] }\n',
    '[tool.stacklint]\nexclude = ["x"]\n[tool.stacklint.severity]\nprint-call = "error"\n',
  ],
};

/** The texts mutation starts from, per kind: fixtures, the example service and the snippets above. */
export function seedTexts(): Record<InputKind, string[]> {
  const files = [...filesUnder(join(REPO, 'test', 'fixtures')), ...filesUnder(join(REPO, 'examples'))];
  const of = (match: (path: string) => boolean) => files.filter(match).map((path) => readFileSync(path, 'utf8'));
  return {
    python: [...of((p) => p.endsWith('.py')), ...SNIPPETS.python],
    requirements: [...of((p) => /\.(txt|in)$/.test(p)), ...SNIPPETS.requirements],
    pyproject: [...of((p) => p.endsWith('pyproject.toml')), ...SNIPPETS.pyproject],
  };
}

const TOKENS: Record<InputKind, string[]> = {
  python: [
    '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '+', '%', '*', '**', '\n', '\r', '\r\n', '\t', '    ', ' ', '\\\n', '#', '"', "'", '"""', "'''",
    'f"{x}"', 'f"SELECT {x} FROM t"', '"SELECT * FROM t WHERE a = %s" % x', 'print(', 'print(x)', 'logger', 'logging', 'import pytz\n', 'import logging\n',
    'from datetime import datetime\n', 'datetime.now()', 'datetime.utcnow()', 'pytz.utc', 'pytz.timezone("UTC")', 'except:', 'try:\n    pass\nexcept:\n    pass\n',
    'def f():\n    ', 'async def g():\n    ', 'class C(BaseModel):\n    class Config:\n        x = 1\n', 'lambda: ', 'global g\n', 'nonlocal n\n', 'return ', 'yield ',
    'if x:\n    ', 'else:\n    ', 'with open(p) as f:\n    ', 'for logger in xs:\n    ', '# stacklint: disable=print-call', '# noqa', 'from x import *\n',
    '\u2028', '\ufeff', '\u0000', '\ud83d\ude00', '\ud800', 'é', '\u00a0', '\f', '\v',
  ],
  requirements: [
    'flask', 'Flask', 'SQLAlchemy', 'sqlalchemy', 'pytest', 'requests', 'fastapi', 'pydantic', 'black', '==', '>=', '<=', '~=', '!=', '===', '<', '>', ',', ';', ' ',
    '1.0', '2.0+local.7', '1!2.0', '1.0.post1.dev2', '1.*', '.*', '0', '[', ']', '[all]', '(', ')', 'python_version', 'sys_platform', '"3.8"', "'nt'", 'and', 'or',
    'in', 'not in', '#', ' # c', '\\', '\\\n', '\n', '\r', '\r\n', '\t', '-r ', '-c ', '-e ', '--hash=sha256:abc', '--index-url https://x', '@ ', 'https://x/y.whl',
    'git+https://h/r.git#egg=foo', 'file:///tmp/x', '\u0000', '\ufeff', 'é', '\u2028',
  ],
  pyproject: [
    '[project]\n', '[project.optional-dependencies]\n', '[tool.poetry.dependencies]\n', '[tool.poetry.group.dev.dependencies]\n', '[tool.stacklint]\n',
    '[tool.stacklint.severity]\n', '[[tool.x]]\n', 'dependencies = [', 'dev = [', '"flask==1.0"', '"pytest>=7"', '"SQLAlchemy==1.4+local.1"', "'requests'", ']', ',',
    'requires-python = ">=3.8"\n', 'python = "^3.8"\n', 'flask = "^1.0"\n', 'x = { version = "1.0" }\n', 'print-call = "error"\n', 'exclude = ["a"]\n', '=', '"', "'",
    '"""', "'''", '\\', '\\u0041', '#', '\n', '\r\n', '\r', ' ', '\t', '{', '}', '.', 'é', '\u0000',
  ],
};

type Mutation =
  | { op: 'insert'; at: number; token: string }
  | { op: 'random'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; times: number }
  | { op: 'nest'; at: number; open: string; close: string; depth: number }
  | { op: 'newlines'; style: string };

const NESTINGS: [string, string][] = [['(', ')'], ['[', ']'], ['{', '}'], ['f(', ')'], ['(x + ', ')'], ['"a" + (', ')'], ['if x:\n ', '\n']];

function mutation(kind: InputKind): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at, token: fc.constantFrom(...TOKENS[kind]) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('random' as const), at, text: fc.string({ unit: 'binary', maxLength: 6 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 60 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 300 }), times: fc.integer({ min: 1, max: 4 }) }) },
    {
      weight: 1,
      arbitrary: fc
        .record({ at, pair: fc.constantFrom(...NESTINGS), depth: fc.integer({ min: 1, max: 400 }) })
        .map(({ at: where, pair, depth }): Mutation => ({ op: 'nest', at: where, open: pair[0], close: pair[1], depth })),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('newlines' as const), style: fc.constantFrom('\r', '\r\n') }) },
  );
}

function apply(text: string, m: Mutation): string {
  const at = 'at' in m ? m.at % (text.length + 1) : 0;
  switch (m.op) {
    case 'insert':
      return text.slice(0, at) + m.token + text.slice(at);
    case 'random':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + m.length).repeat(m.times + 1) + text.slice(at + m.length);
    case 'nest':
      return text.slice(0, at) + m.open.repeat(m.depth) + 'x' + m.close.repeat(m.depth) + text.slice(at);
    case 'newlines':
      return text.replace(/\r?\n/g, m.style);
  }
}

/** Inputs of one kind: a mutated seed (mostly), a soup of the kind's tokens, or arbitrary code units. */
export function inputs(kind: InputKind, seeds: readonly string[]): fc.Arbitrary<FuzzInput> {
  const mutated = fc
    .tuple(fc.constantFrom(...seeds), fc.constantFrom(...seeds), fc.array(mutation(kind), { minLength: 1, maxLength: 8 }), fc.boolean())
    .map(([seed, other, mutations, splice]) => {
      // Sometimes splice two seeds: half of one and half of another.
      const start = splice ? seed.slice(0, seed.length >> 1) + other.slice(other.length >> 1) : seed;
      return mutations.reduce(apply, start);
    });
  const soup = fc.array(fc.constantFrom(...TOKENS[kind]), { maxLength: 120 }).map((tokens) => tokens.join(''));
  const noise = fc.string({ unit: 'binary', maxLength: 400 });
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: soup }, { weight: 1, arbitrary: noise }).map((text) => ({ kind, text }));
}

export interface CheckOptions {
  /** CPU milliseconds allowed per KB of input (plus a fixed allowance for small inputs). */
  msPerKb: number;
  /** Checks at most this many fixes per input (each costs a lint). */
  maxFixes: number;
  /** Called with the original and fixed Python text when a fix was applied: an extra oracle (python3 in the long run). */
  pythonOracle?: (before: string, after: string, title: string) => string | undefined;
}

export interface CheckResult {
  /** Broken properties, empty when the input passed. */
  problems: string[];
  cpuMs: number;
  kb: number;
  fixesChecked: number;
}

const BASE_MS = 250;
const DEFAULT_CONFIG = defaultConfig(FUZZ_ROOT);

/** A pyproject.toml configures its own lint, as the CLI reads it (approving a deviation there takes effect). */
function configFor(input: FuzzInput, text: string): StacklintConfig {
  return input.kind === 'pyproject' ? parseConfigText(PATHS.pyproject, text, settingsContext()).config : DEFAULT_CONFIG;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function rangeProblem(lines: LineIndex, range: Range, what: string): string | undefined {
  const { start, end } = range;
  const valid = (p: Range['start']) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < lines.lineCount && p.character <= lines.lineText(p.line).length;
  if (!valid(start) || !valid(end)) return `${what} ${JSON.stringify(range)} lies outside the document (${lines.lineCount} lines)`;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return `${what} ${JSON.stringify(range)} ends before it starts`;
  return undefined;
}

function tomlParses(text: string): boolean {
  try {
    parseToml(text);
    return true;
  } catch {
    return false;
  }
}

function countRule(findings: readonly Finding[], rule: string): number {
  return findings.filter((finding) => finding.rule === rule).length;
}

/** Whether python3 compiles the text (as a file's bytes). */
function python3Compiles(text: string): boolean {
  const run = spawnSync('python3', ['-c', 'import sys\ncompile(sys.stdin.buffer.read(), "<fuzz>", "exec", dont_inherit=True)'], { input: text, encoding: 'utf8' });
  return run.status === 0;
}

/** Whether the text still reads as its kind after a fix, when it did before. */
function stillParses(kind: InputKind, before: string, after: string, findingsBefore: readonly Finding[], findingsAfter: readonly Finding[]): string | undefined {
  // tree-sitter answers fast but takes some text Python refuses (an unexpected indent): a suspected break is confirmed by python3.
  if (kind === 'python' && parsesAsPython(before) && !parsesAsPython(after) && python3Compiles(before)) return 'a syntax error the input did not have';
  if (kind === 'pyproject' && tomlParses(before) && !tomlParses(after)) return 'the TOML no longer parses';
  if (kind === 'requirements' && countRule(findingsAfter, 'invalid-requirement') > countRule(findingsBefore, 'invalid-requirement')) return 'a new invalid requirement';
  return undefined;
}

/** Runs the engine on one input and checks every property; never throws for a broken property, it reports it. */
export function checkInput(input: FuzzInput, options: CheckOptions): CheckResult {
  const path = PATHS[input.kind];
  const problems: string[] = [];
  const kb = input.text.length / 1024;
  const ruleErrors: string[] = [];
  const onRuleError = (rule: string, error: unknown) => ruleErrors.push(`rule ${rule} threw: ${(error as Error)?.stack ?? error}`);
  const start = process.cpuUsage();
  let findings: Finding[];
  try {
    findings = lintText(path, input.text, configFor(input, input.text), { onRuleError });
  } catch (error) {
    return { problems: [`lintText threw: ${(error as Error)?.stack ?? error}`], cpuMs: cpuMs(start), kb, fixesChecked: 0 };
  }
  const elapsed = cpuMs(start);
  if (elapsed > BASE_MS + options.msPerKb * kb) problems.push(`lint took ${elapsed.toFixed(0)} ms CPU for ${kb.toFixed(1)} KB`);

  const lines = new LineIndex(input.text);
  const fixes: { finding: Finding; fix: Fix }[] = [];
  for (const finding of findings) {
    const where = `${finding.rule} finding`;
    const bad = rangeProblem(lines, finding.range, where) ?? finding.related?.map((r) => rangeProblem(lines, r.range, `${where} related`)).find(Boolean);
    if (bad) problems.push(bad);
    for (const fix of [finding.fix, ...(finding.alternatives ?? [])]) {
      if (!fix) continue;
      const local = fix.edits.filter((edit) => edit.file === undefined);
      const badEdit = local.map((edit) => rangeProblem(lines, edit.range, `${finding.rule} fix edit`)).find(Boolean);
      if (badEdit) problems.push(badEdit);
      else if (local.length > 0) fixes.push({ finding, fix });
    }
  }

  let checked = 0;
  for (const { finding, fix } of fixes.slice(0, options.maxFixes)) {
    checked++;
    const local: Edit[] = fix.edits.filter((edit) => edit.file === undefined);
    let after: string;
    try {
      after = applyEdits(input.text, local);
    } catch (error) {
      problems.push(`${finding.rule} fix "${fix.title}": ${(error as Error).message}`);
      continue;
    }
    let relinted: Finding[];
    try {
      relinted = lintText(path, after, configFor(input, after), { onRuleError });
    } catch (error) {
      problems.push(`lintText threw on the result of ${finding.rule} fix "${fix.title}": ${(error as Error)?.stack ?? error}`);
      continue;
    }
    // On Python with syntax errors, what a fix's text means to the error-recovering parse is not defined.
    const judged = input.kind !== 'python' || parsesAsPython(input.text);
    if (judged && countRule(relinted, finding.rule) >= countRule(findings, finding.rule)) problems.push(`${finding.rule} fix "${fix.title}" leaves the finding in place`);
    const parse = stillParses(input.kind, input.text, after, findings, relinted);
    if (parse) problems.push(`${finding.rule} fix "${fix.title}": ${parse}`);
    if (input.kind === 'python' && options.pythonOracle) {
      const verdict = options.pythonOracle(input.text, after, fix.title);
      if (verdict) problems.push(`${finding.rule} fix "${fix.title}": ${verdict}`);
    }
  }
  if (fixes.length > 0) {
    try {
      const all = fixAll(path, input.text, configFor(input, input.text));
      const parse = stillParses(input.kind, input.text, all.text, findings, all.remaining);
      if (parse) problems.push(`fix all: ${parse}`);
    } catch (error) {
      problems.push(`fixAll threw: ${(error as Error)?.stack ?? error}`);
    }
  }
  // Rules that threw, on the input or on a fix's result.
  problems.push(...ruleErrors);
  return { problems: [...new Set(problems)], cpuMs: elapsed, kb, fixesChecked: checked };
}
