import * as assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { REPO } from '../support/fixtures';
import { useTempDir } from '../support/tempDir';
import { assertCompiles } from '../support/python';

const EXAMPLE = join(REPO, 'examples', 'legacy-service');

const run = runCli;

function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? pythonFiles(path) : name.endsWith('.py') ? [path] : [];
  });
}

describe('command line', function () {
  this.timeout(60_000);
  const temp = useTempDir('cli');
  const write = temp.write;
  /** Runs the CLI in this test's folder. */
  const lint = (...args: string[]) => run(temp.path, ...args);

  it('the README command reports every core rule on the example service and exits 1', () => {
    const result = run(REPO, 'examples/legacy-service');
    assert.equal(result.code, 1, result.stderr);
    for (const rule of ['print-call', 'bare-except', 'sql-string-formatting', 'pytz-usage', 'naive-datetime', 'off-stack-dependency', 'below-stack-version', 'off-stack-base-image', 'dev-server-in-container']) {
      assert.match(result.stdout, new RegExp(` ${rule} `), `${rule} missing`);
    }
    assert.match(result.stdout, /^examples\/legacy-service\/app\/main\.py:28:5: warning bare-except /m);
    assert.match(result.stdout, /Found \d+ problems in 7 files/);
  });

  it('--format json prints only a sorted JSON array of the documented shape', () => {
    const result = run(REPO, 'examples/legacy-service', '--format', 'json');
    assert.equal(result.code, 1);
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    assert.ok(findings.length > 10);
    for (const finding of findings) {
      assert.deepEqual(Object.keys(finding), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'fixable']);
    }
    const keys = findings.map((f) => [f.file, f.line, f.column] as [string, number, number]);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    assert.deepEqual(keys, sorted);
    assert.deepEqual(findings.find((f) => f.rule === 'bare-except'), {
      file: 'examples/legacy-service/app/main.py', line: 28, column: 5, endLine: 28, endColumn: 11, rule: 'bare-except', severity: 'warning',
      message: 'Bare `except:` catches everything, including KeyboardInterrupt; catch a specific exception (§7)', fixable: false,
    });
  });

  it('counts columns in code points, paths from the PATH given, and exits 0 when clean', () => {
    write('app/a.py', 'x = "😀"; print(x)\n');
    write('app/ok.py', 'x = 1\n');
    const json = JSON.parse(lint('app', '--format', 'json').stdout);
    assert.deepEqual(json.map((f: { file: string; column: number; endColumn: number }) => [f.file, f.column, f.endColumn]), [['app/a.py', 10, 18]]);
    const clean = lint('app/ok.py');
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /^No problems found\. Checked 1 file in \d+\.\d\d s\.\n$/);
  });

  it('reads test-file globs from the PATH when it lies outside the cwd and no pyproject.toml is above', () => {
    write('svc/tests/helpers.py', 'print("test output")\n');
    write('svc/app.py', 'print("app output")\n');
    const json = JSON.parse(run(REPO, join(temp.path, 'svc'), '--format', 'json').stdout);
    assert.deepEqual(json.map((f: { file: string; rule: string }) => [f.file.endsWith('/svc/app.py'), f.rule]), [[true, 'print-call']]);
  });

  it('honours exclude for files named on the command line, and matches slash-less globs by file name', () => {
    write('pyproject.toml', '[tool.stacklint]\nexclude = ["migrations/**"]\n[tool.stacklint.per-file-ignores]\n"seed.py" = ["print-call"]\n');
    write('migrations/0001.py', 'print(1)\n');
    write('app/scripts/seed.py', 'print(1)\n');
    assert.equal(lint('migrations/0001.py', '--format', 'json').stdout.trim(), '[]');
    assert.equal(lint('app', '--format', 'json').stdout.trim(), '[]');
  });

  it('counts as fixable only what --fix can apply in the file itself', () => {
    write('requirements.txt', 'fastapi==0.104.0\npytest==7.4.3\n');
    const findings = JSON.parse(lint('.', '--format', 'json').stdout) as { rule: string; fixable: boolean }[];
    assert.deepEqual(findings.map((f) => [f.rule, f.fixable]), [['dev-dependency-in-production', false]]);
  });

  it('lints and fixes many files on worker threads with the same results', () => {
    for (let i = 0; i < 80; i++) write(`pkg/m${String(i).padStart(2, '0')}.py`, i % 2 ? 'print(1)\n' : 'try:\n    pass\nexcept:\n    pass\n');
    write('pkg/binary.py', Buffer.from([0, 1, 2]));
    const result = lint('pkg', '--format', 'json');
    const findings = JSON.parse(result.stdout) as { file: string; rule: string }[];
    assert.equal(findings.length, 80);
    assert.deepEqual(findings.slice(0, 2).map((f) => [f.file, f.rule]), [['pkg/m00.py', 'bare-except'], ['pkg/m01.py', 'print-call']]);
    assert.match(result.stderr, /pkg\/binary\.py: binary file/);
    const fixed = JSON.parse(lint('pkg', '--fix', '--unsafe-fixes', '--format', 'json').stdout);
    assert.deepEqual(fixed, []);
    assert.equal(readFileSync(join(temp.path, 'pkg', 'm02.py'), 'utf8'), 'try:\n    pass\nexcept Exception:\n    pass\n');
  });

  it('--fail-on and --quiet decide the exit code and what is shown', () => {
    write('a.py', 'import sqlalchemy\nBase = sqlalchemy.orm.declarative_base()\nprint(1)\n');
    assert.equal(lint('.', '--fail-on', 'error').code, 0);
    assert.equal(lint('.').code, 1);
    const quiet = JSON.parse(lint('.', '--format', 'json', '--quiet', '--fail-on', 'warning').stdout);
    assert.deepEqual(quiet.map((f: { rule: string }) => f.rule), ['print-call']);
  });

  it('exits 2 with a message for usage errors and missing paths', () => {
    const bad = lint('--format', 'xml');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown --format 'xml'/);
    assert.equal(bad.stdout, '');
    const missing = lint('nope');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nope: ENOENT/);
  });

  it('skips excluded folders, binary files and invalid UTF-8 with a message, and honours coding cookies', () => {
    write('.venv/lib/x.py', 'print(1)\n');
    write('node_modules/y.py', 'print(1)\n');
    write('build/z.py', 'print(1)\n');
    write('pkg/binary.py', Buffer.from([0x70, 0x00, 0x01, 0x02]));
    write('pkg/latin.py', Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nname = "'), Buffer.from([0xe9]), Buffer.from('"\nprint(name)\n')]));
    write('pkg/broken.py', Buffer.concat([Buffer.from('print("a")\nx = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]));
    write('pkg/syntax.py', 'def broken(:\n    pass\nprint("after the error")\n');
    const result = lint('.', '--format', 'json');
    const files = JSON.parse(result.stdout).map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
    assert.deepEqual(files, ['pkg/latin.py:3', 'pkg/syntax.py:3']);
    assert.match(result.stderr, /pkg\/binary\.py: binary file \(contains NUL bytes\); skipped/);
    assert.match(result.stderr, /pkg\/broken\.py: invalid utf-8; skipped/);
  });

  it('--format sarif and github produce their formats', () => {
    write('a.py', 'print(1)\n');
    const sarif = JSON.parse(lint('a.py', '--format', 'sarif').stdout);
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results[0];
    assert.deepEqual([result.ruleId, result.level, result.locations[0].physicalLocation.region], ['print-call', 'warning', { startLine: 1, startColumn: 1, endLine: 1, endColumn: 9 }]);
    assert.equal(sarif.runs[0].tool.driver.rules[0].id, 'print-call');
    assert.equal(lint('a.py', '--format', 'github').stdout, '::warning file=a.py,line=1,col=1,endLine=1,endColumn=9,title=stacklint print-call::`print()` in production code; use logging (§3.4, §7)\n');
  });

  it('--fix --unsafe-fixes rewrites the example service into code that compiles and keeps only unfixable findings', () => {
    const copy = join(temp.path, 'svc');
    cpSync(EXAMPLE, copy, { recursive: true });
    const before = JSON.parse(lint('svc', '--format', 'json').stdout) as { rule: string; fixable: boolean }[];
    const result = lint('svc', '--fix', '--unsafe-fixes', '--format', 'json');
    const after = JSON.parse(result.stdout) as { file: string; rule: string; fixable: boolean }[];
    assert.ok(after.length < before.length, `${after.length} >= ${before.length}`);
    assert.deepEqual(after.filter((f) => f.fixable && f.file.endsWith('.py')).map((f) => f.rule), []);
    for (const file of pythonFiles(copy)) assertCompiles(readFileSync(file, 'utf8'), file.split('/').pop());
    const main = readFileSync(join(copy, 'app', 'main.py'), 'utf8');
    assert.match(main, /except Exception:/);
    assert.match(main, /logger\.info\("%s %s %s %s", "created order for", order\.customer, "at", datetime\.datetime\.now\(PARIS\)\)/);
    assert.doesNotMatch(main, /pytz/);
    // A second run has nothing left to fix.
    assert.equal(lint('svc', '--fix', '--unsafe-fixes', '--format', 'json').stdout, result.stdout);
  });
});
