import * as assert from 'node:assert/strict';
import { runCli } from '../support/cli';
import { useTempDir } from '../support/tempDir';

interface Run {
  code: number | null;
  findings: { file: string; line: number; rule: string; severity: string }[];
  stderr: string;
}

/** Runs the built CLI in `cwd` with `--format json`, as CI would. */
function stacklint(cwd: string, ...args: string[]): Run {
  const result = runCli(cwd, '--format', 'json', ...args);
  const findings = result.stdout.trim() ? JSON.parse(result.stdout) : [];
  return { code: result.code, findings, stderr: result.stderr };
}

function brief(run: Run): string[] {
  return run.findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.severity}`);
}

describe('configuration through the CLI', function () {
  // Each case starts a fresh node process that loads the tree-sitter wasm.
  this.timeout(60_000);
  const temp = useTempDir('cli-config');
  const write = temp.write;

  function project(settings: string): void {
    write('pyproject.toml', `[project]\nname = "svc"\n\n[tool.stacklint]\n${settings}\n`);
    write('app/main.py', 'import flask\n\nprint(flask)\n');
    write('scripts/seed.py', 'print("seeding")\n');
    write('migrations/001.py', 'print("migrating")\n');
    write('requirements.txt', 'flask==3.0.0\n');
  }

  it('applies every key of [tool.stacklint] from the nearest pyproject.toml', () => {
    project('');
    assert.deepEqual(brief(stacklint(temp.path)), [
      'app/main.py:1:off-stack-import:warning',
      'app/main.py:3:print-call:warning',
      'migrations/001.py:1:print-call:warning',
      'requirements.txt:1:off-stack-dependency:warning',
      'scripts/seed.py:1:print-call:warning',
    ]);
    project([
      'exclude = ["migrations/**"]',
      '[tool.stacklint.severity]',
      'print-call = "error"',
      '[tool.stacklint.per-file-ignores]',
      '"scripts/*.py" = ["print-call"]',
      '[tool.stacklint.approved-deviations]',
      'flask = "ADR-003: legacy admin UI until Q3"',
    ].join('\n'));
    const run = stacklint(temp.path);
    assert.deepEqual(brief(run), ['app/main.py:3:print-call:error']);
    assert.equal(run.code, 1);
  });

  it('disable turns a rule off, and the exit code follows what remains', () => {
    project('disable = ["print-call", "off-stack-import", "off-stack-dependency"]');
    const run = stacklint(temp.path);
    assert.deepEqual(brief(run), []);
    assert.equal(run.code, 0);
  });

  it('reports a malformed table on pyproject.toml as an error, and lints on with the defaults for it', () => {
    project('severity = "loud"\ndisable = ["off-stack-import", "off-stack-dependency"]');
    const run = stacklint(temp.path);
    assert.deepEqual(brief(run), [
      'app/main.py:3:print-call:warning',
      'migrations/001.py:1:print-call:warning',
      'pyproject.toml:5:invalid-configuration:error',
      'scripts/seed.py:1:print-call:warning',
    ]);
    assert.equal(run.code, 1);
  });

  it('never crashes on a pyproject.toml that is not TOML', () => {
    write('pyproject.toml', '[tool.stacklint\ndisable = [\n');
    write('app.py', 'print("x")\n');
    const run = stacklint(temp.path);
    // Reported once, by the pyproject.toml parser of the dependency rules.
    assert.deepEqual(brief(run), ['app.py:1:print-call:warning', 'pyproject.toml:1:invalid-requirement:error']);
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stderr, /internal error/);
  });

  it('--config FILE wins over the pyproject.toml found by walking up', () => {
    project('disable = ["print-call"]');
    write('ci/stacklint.toml', 'disable = ["off-stack-import", "off-stack-dependency"]\n');
    assert.deepEqual(brief(stacklint(temp.path, 'app')).map((f) => f.split(':')[2]), ['off-stack-import']);
    assert.deepEqual(brief(stacklint(temp.path, 'app', '--config', 'ci/stacklint.toml')), ['app/main.py:3:print-call:warning']);
  });

  it('--config with a missing, unparsable or invalid file is a configuration error: exit 2', () => {
    project('');
    write('broken.toml', 'disable = [\n');
    write('invalid.toml', 'disable = ["print-cal"]\n');
    for (const [file, message] of [['missing.toml', /config file not found/], ['broken.toml', /cannot parse/], ['invalid.toml', /unknown rule `print-cal`/]] as const) {
      const run = stacklint(temp.path, '--config', file);
      assert.equal(run.code, 2, file);
      assert.match(run.stderr, message);
      assert.deepEqual(run.findings, []);
    }
  });
});
