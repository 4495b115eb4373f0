import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleById } from '../../server/src/engine/registry';
import { collectFiles } from '../../server/src/engine/walk';
import { CLI, runCli } from '../support/cli';
import { REPO } from '../support/fixtures';
import { sarifValidator } from '../support/sarif';
import { useTempDir } from '../support/tempDir';

const EXAMPLE = join(REPO, 'examples', 'legacy-service');


function stdin(cwd: string, input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command line verbs', function () {
  this.timeout(60_000);
  const temp = useTempDir('verbs');

  it('--explain prints the rule page; an unknown rule exits 2', () => {
    const page = runCli(REPO, '--explain', 'bare-except');
    assert.equal(page.code, 0);
    assert.equal(page.stdout, readFileSync(join(REPO, 'docs', 'rules', 'bare-except.md'), 'utf8'));
    const unknown = runCli(REPO, '--explain', 'no-such-rule');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown rule 'no-such-rule'/);
  });

  it('--list-rules lists every rule, as text or JSON', () => {
    const json = JSON.parse(runCli(REPO, '--list-rules', '--format', 'json').stdout) as { id: string; severity: string; fixable: boolean }[];
    const pages = readdirSync(join(REPO, 'docs', 'rules')).map((name) => name.replace(/\.md$/, ''));
    assert.deepEqual(json.map((rule) => rule.id).sort(), pages.sort());
    const summary = ruleById('print-call')!.meta.summary;
    assert.deepEqual(json.find((rule) => rule.id === 'print-call'), { id: 'print-call', kind: 'python', severity: 'warning', fixable: true, ruff: ['T201'], summary });
    const text = runCli(REPO, '--list-rules').stdout;
    assert.ok(text.split('\n').some((line) => /^print-call +warning +fixable +/.test(line) && line.endsWith(summary)), text);
    assert.equal(text.trim().split('\n').length, json.length + 1);
  });

  it('--stdin-filename reports exactly what linting the saved file reports', () => {
    for (const name of ['app/main.py', 'requirements.txt', 'pyproject.toml']) {
      const file = runCli(EXAMPLE, name, '--format', 'json');
      const piped = stdin(EXAMPLE, readFileSync(join(EXAMPLE, name), 'utf8'), '--stdin-filename', name, '--format', 'json');
      assert.ok(JSON.parse(file.stdout).length > 0, name);
      assert.deepEqual(JSON.parse(piped.stdout), JSON.parse(file.stdout), name);
      assert.equal(piped.code, file.code);
    }
    // Fixability under --unsafe-fixes, and SARIF's links to the standard, as for the saved file.
    const text = readFileSync(join(EXAMPLE, 'app/main.py'), 'utf8');
    for (const args of [['--format', 'json', '--unsafe-fixes'], ['--format', 'sarif']]) {
      const file = JSON.parse(runCli(EXAMPLE, 'app/main.py', ...args).stdout);
      const piped = JSON.parse(stdin(EXAMPLE, text, '--stdin-filename', 'app/main.py', ...args).stdout);
      assert.deepEqual(args[1] === 'sarif' ? piped.runs[0].results : piped, args[1] === 'sarif' ? file.runs[0].results : file, args.join(' '));
    }
    // Per-file settings follow the name: a test file may print.
    temp.write('pyproject.toml', '[tool.stacklint]\ntests = ["checks/**"]\n');
    assert.equal(stdin(temp.path, 'print(1)\n', '--stdin-filename', 'checks/smoke.py').code, 0);
    assert.equal(stdin(temp.path, 'print(1)\n', '--stdin-filename', 'app.py').code, 1);
    assert.equal(stdin(temp.path, 'print(1)\n', '--stdin-filename', 'app.py', '--fix').code, 2);
  });

  it('--statistics counts findings and fixable findings per rule', () => {
    const all = JSON.parse(runCli(REPO, 'examples/legacy-service', '--format', 'json').stdout) as { rule: string; fixable: boolean }[];
    const stats = JSON.parse(runCli(REPO, 'examples/legacy-service', '--statistics', '--format', 'json').stdout) as { rule: string; count: number; fixable: number }[];
    assert.equal(stats.reduce((sum, s) => sum + s.count, 0), all.length);
    for (const stat of stats) {
      assert.equal(stat.count, all.filter((f) => f.rule === stat.rule).length, stat.rule);
      assert.equal(stat.fixable, all.filter((f) => f.rule === stat.rule && f.fixable).length, stat.rule);
    }
    const counts = stats.map((s) => s.count);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    const text = runCli(REPO, 'examples/legacy-service', '--statistics');
    assert.equal(text.code, 1);
    assert.match(text.stdout, new RegExp(`^${stats[0].count} +${stats[0].rule} `, 'm'));
  });

  it('the text summary gives files checked, findings by severity, fixable count and time', () => {
    const result = runCli(REPO, 'examples/legacy-service');
    const all = JSON.parse(runCli(REPO, 'examples/legacy-service', '--format', 'json').stdout) as { file: string; severity: string; fixable: boolean }[];
    const count = (severity: string) => all.filter((f) => f.severity === severity).length;
    const files = new Set(all.map((f) => f.file)).size;
    const checked = collectFiles(EXAMPLE, () => false).length;
    const severities = ['error', 'warning', 'information', 'hint'].filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}${s === 'information' ? '' : 's'}`);
    // The last line is Ruff's hint about fixes only --unsafe-fixes applies; the summary is the line before.
    const summary = result.stdout.trim().split('\n').filter((line) => !/hidden fix(es)? can be enabled/.test(line)).pop();
    assert.equal(
      summary?.replace(/in \d+\.\d\d s/, 'in T s'),
      `Found ${all.length} problems in ${files} files (${severities.join(', ')}); ${all.filter((f) => f.fixable).length} fixable with --fix. Checked ${checked} files in T s.`,
    );
  });

  it('--output-file writes the report there and nothing to standard output', () => {
    const result = runCli(REPO, 'examples/legacy-service', '--format', 'sarif', '--output-file', join(temp.path, 'reports', 'out.sarif'));
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const sarif = JSON.parse(readFileSync(join(temp.path, 'reports', 'out.sarif'), 'utf8'));
    temp.write('file', '');
    const blocked = runCli(REPO, 'examples/legacy-service', '--output-file', join(temp.path, 'file', 'out.txt'));
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /^stacklint: cannot write .*file\/out\.txt: (ENOTDIR|EEXIST)/);
    assert.equal(sarif.version, '2.1.0');
  });

  it('SARIF output is valid against the SARIF 2.1.0 schema, with and without findings', () => {
    const validate = sarifValidator();
    const full = JSON.parse(runCli(REPO, 'examples/legacy-service', '--format', 'sarif').stdout);
    assert.ok(validate(full), JSON.stringify(validate.errors, null, 2));
    assert.ok(full.runs[0].results.length > 10);
    temp.write('ok.py', 'x = 1\n');
    const empty = JSON.parse(runCli(temp.path, '.', '--format', 'sarif').stdout);
    assert.ok(validate(empty), JSON.stringify(validate.errors, null, 2));
    // The validator is not vacuous: a broken log fails.
    assert.equal(validate({ ...full, version: '2.0.0' }), false);
    assert.equal(validate({ ...full, runs: [{ results: [] }] }), false);
  });
});
