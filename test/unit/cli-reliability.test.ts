import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { REPO } from '../support/fixtures';
import { deeplyNested, disguisedDeeplyNested } from '../support/poison';
import { useTempDir } from '../support/tempDir';

interface Row {
  file: string;
  line: number;
  rule: string;
}

const rows = (stdout: string) => (JSON.parse(stdout) as Row[]).map((f) => `${f.file}:${f.line}:${f.rule}`);

describe('command line on hostile input', function () {
  this.timeout(120_000);
  const temp = useTempDir('cli-hostile');

  for (const [shape, poison, line] of [['nested', deeplyNested(), 512], ['disguised', disguisedDeeplyNested(), 1]] as const) {
    it(`a file that poisons the parser (${shape}) is reported and the next file still gets its findings`, () => {
      temp.write('a_poison.py', poison);
      temp.write('b_normal.py', 'import os\nprint(os.name)\n');
      const result = runCli(temp.path, '.', '--format', 'json');
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(rows(result.stdout), [`a_poison.py:${line}:file-not-linted`, 'b_normal.py:2:print-call']);
    });
  }

  it('the same on worker threads, with the poisoned file in the middle of a chunk', () => {
    for (let i = 0; i < 70; i++) temp.write(`m${String(i).padStart(2, '0')}.py`, i === 20 ? disguisedDeeplyNested() : `print(${i})\n`);
    const result = runCli(temp.path, '.', '--format', 'json');
    assert.equal(result.code, 1, result.stderr);
    const found = rows(result.stdout);
    assert.equal(found.length, 70);
    assert.equal(found.filter((row) => row.endsWith(':print-call')).length, 69);
    assert.deepEqual(found[20], 'm20.py:1:file-not-linted');
  });
});

describe('command line on special files', function () {
  this.timeout(120_000);
  const temp = useTempDir('cli-special');
  const outside = useTempDir('cli-outside');

  function project(): void {
    temp.write('requirements.txt', 'pytest==8.0.0\nflask==3.0.0\n');
    temp.write('app.py', 'print(1)\n');
  }

  function lint(): { code: number | null; found: string[]; stderr: string } {
    const result = runCli(temp.path, '.', '--format', 'json');
    // spawnSync's timeout kills a hung run: a null code means the CLI blocked.
    assert.notEqual(result.code, null, 'the CLI did not finish');
    return { code: result.code, found: rows(result.stdout), stderr: result.stderr };
  }

  const EXPECTED = ['app.py:1:print-call', 'requirements.txt:1:dev-dependency-in-production', 'requirements.txt:2:off-stack-dependency'];

  it('a FIFO pyproject.toml and requirements-dev.txt: one message each, and lint goes on', () => {
    project();
    for (const name of ['pyproject.toml', 'requirements-dev.txt']) execFileSync('mkfifo', [join(temp.path, name)]);
    const { code, found, stderr } = lint();
    assert.equal(code, 1, stderr);
    assert.deepEqual(found, EXPECTED);
    const lines = stderr.trim().split('\n');
    assert.deepEqual(lines, [
      `stacklint: ${join(temp.path, 'pyproject.toml')}: a FIFO, not a regular file; not read (its settings are ignored and the defaults apply)`,
      `stacklint: not reading ${join(temp.path, 'requirements-dev.txt')}: it is not a regular file`,
    ]);
  });

  it('a pyproject.toml linked to /dev/zero is not read', () => {
    project();
    symlinkSync('/dev/zero', join(temp.path, 'pyproject.toml'));
    const { code, found, stderr } = lint();
    assert.equal(code, 1, stderr);
    assert.deepEqual(found, EXPECTED);
    assert.match(stderr, /pyproject\.toml: a link to \/dev\/zero, outside .*; not read \(its settings are ignored and the defaults apply\)\n/);
  });

  it('a requirements-dev.txt linked outside the project is not read', () => {
    project();
    const target = outside.write('requirements-dev.txt', 'black==24.1.0\n');
    symlinkSync(target, join(temp.path, 'requirements-dev.txt'));
    const { code, found, stderr } = lint();
    assert.equal(code, 1, stderr);
    assert.deepEqual(found, EXPECTED);
    assert.match(stderr, /not reading .*requirements-dev\.txt: it lies outside the workspace\n/);
  });

  it('an explicitly named FIFO config file is a usage error, not a hang', () => {
    project();
    execFileSync('mkfifo', [join(temp.path, 'stacklint.toml')]);
    const result = runCli(temp.path, '.', '--config', 'stacklint.toml');
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /cannot use .*stacklint\.toml: a FIFO, not a regular file/);
  });
});

describe('command line when a rule throws', function () {
  this.timeout(60_000);
  const temp = useTempDir('cli-rule-fails');
  const CLI_WITH_THROWING_RULE = join(REPO, 'dist', 'test', 'unit', 'cli-with-throwing-rule.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI_WITH_THROWING_RULE, ...args], { cwd: temp.path, encoding: 'utf8', timeout: 60_000 });

  it('keeps the other findings, names the rule and file once in the summary and exits 3', () => {
    temp.write('a.py', '# boom\nprint(1)\n');
    temp.write('b.py', 'print(2)\n');
    temp.write('c.py', 'x = "boom"\n');
    for (const args of [['.'], ['.', '--fix', '--unsafe-fixes']]) {
      const result = run(...args, '--format', 'json');
      assert.equal(result.status, 3, result.stderr);
      const found = rows(result.stdout);
      assert.deepEqual(found, args.includes('--fix') ? [] : ['a.py:2:print-call', 'b.py:1:print-call']);
      assert.equal(
        result.stderr,
        'stacklint: rule always-throws failed on file a.py: TypeError: boom in a.py\n' +
          'stacklint: rule always-throws failed on file c.py: TypeError: boom in c.py\n' +
          'stacklint: 2 rule failures in 2 files; findings of those rules there are missing (exit code 3)\n',
      );
    }
  });
});
