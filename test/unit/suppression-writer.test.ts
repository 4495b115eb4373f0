import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCli } from '../support/cli';
import { useTempDir } from '../support/tempDir';

const STDLIB = '/root/.pyenv/versions/3.11.7/lib/python3.11';
const SKIPPED = /(^|\/)(test|tests|idle_test|lib2to3|site-packages|__pycache__)(\/|$)/;

/** Every 10th Python file of the standard library (tests left out), sorted: a fixed, varied sample. */
function stdlibSample(): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (SKIPPED.test(relative(STDLIB, path))) continue;
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.py')) files.push(path);
    }
  };
  visit(STDLIB);
  return files.filter((_, index) => index % 10 === 0);
}

const TRICKY = `import sqlite3  # noqa: E501
from datetime import datetime


def run(cursor, v, ident):
    cursor.execute(f"""SELECT * FROM t
        WHERE a = {v}""")
    cursor.execute("SELECT * FROM t WHERE id = %s" % \\
        ident)
    print("""a
b"""), print(1)
    x = datetime.now(); print(x)  # stacklint: disable=print-call
    try:
        pass
    except:
        pass
    s = "print('# not a comment')"; print(s)
    print("a "\\
          "b")
    return \\
        datetime.utcnow()
`;

const TRICKY_SUPPRESSED = `import sqlite3  # noqa: E501  # stacklint: disable=sqlite-in-production
from datetime import datetime


def run(cursor, v, ident):
    cursor.execute(f"""SELECT * FROM t
        WHERE a = {v}""")  # stacklint: disable=sql-string-formatting
    cursor.execute("SELECT * FROM t WHERE id = %s" % \\
        ident)  # stacklint: disable=sql-string-formatting
    print("""a
b"""), print(1)  # stacklint: disable=print-call
    x = datetime.now(); print(x)  # stacklint: disable=print-call,naive-datetime
    try:
        pass
    except:  # stacklint: disable=bare-except
        pass
    s = "print('# not a comment')"; print(s)  # stacklint: disable=print-call
    print("a "\\
          "b")  # stacklint: disable=print-call
    return \\
        datetime.utcnow()  # stacklint: disable=naive-datetime
`;

describe('--add-suppressions', function () {
  this.timeout(180_000);
  const temp = useTempDir('suppress');

  it('puts each comment on the first line that can hold one, merging with existing comments', () => {
    temp.write('svc.py', TRICKY);
    const result = runCli(temp.path, '.', '--add-suppressions');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /added 9 suppressions in 1 file/);
    assert.equal(readFileSync(join(temp.path, 'svc.py'), 'utf8'), TRICKY_SUPPRESSED);
    execFileSync('python3', ['-m', 'py_compile', join(temp.path, 'svc.py')]);
    assert.match(runCli(temp.path, '.').stdout, /^No problems found\./);
    // A second run has nothing to add.
    assert.match(runCli(temp.path, '.', '--add-suppressions').stderr, /added 0 suppressions in 0 files/);
  });

  it('writes # comments in requirements and pyproject files, after a `\\` continuation and outside multi-line strings', () => {
    temp.write('requirements.txt', 'flask==2.0.0 \\\n    --hash=sha256:0123456789abcdef\nrequests  # http client\npytest==7.0.0\n');
    temp.write('pyproject.toml', '[project]\nname = "svc"\ndescription = """\nA # service\n"""\nrequires-python = ">=3.8"\ndependencies = [\n  "django>=4",\n]\n');
    const result = runCli(temp.path, '.', '--add-suppressions', '--format', 'json');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
    assert.equal(
      readFileSync(join(temp.path, 'requirements.txt'), 'utf8'),
      'flask==2.0.0 \\\n    --hash=sha256:0123456789abcdef  # stacklint: disable=off-stack-dependency\nrequests  # http client  # stacklint: disable=unpinned-dependency\npytest==7.0.0  # stacklint: disable=dev-dependency-in-production\n',
    );
    assert.equal(
      readFileSync(join(temp.path, 'pyproject.toml'), 'utf8'),
      '[project]\nname = "svc"\ndescription = """\nA # service\n"""\nrequires-python = ">=3.8"  # stacklint: disable=below-stack-version\ndependencies = [\n  "django>=4",  # stacklint: disable=off-stack-dependency\n]\n',
    );
  });

  it('in a Dockerfile, where `#` only starts a line, writes the comment line above each instruction', () => {
    temp.write('Dockerfile', 'FROM python:3.9\nENV DB_PASSWORD=hunter2\nRUN pip install flask \\\n    requests\nCMD ["flask", "run"]\n');
    const result = runCli(temp.path, '.', '--add-suppressions', '--format', 'json');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /added 6 suppressions in 1 file/);
    assert.equal(
      readFileSync(join(temp.path, 'Dockerfile'), 'utf8'),
      [
        '# stacklint: disable=missing-healthcheck,off-stack-base-image', 'FROM python:3.9',
        '# stacklint: disable=secret-in-dockerfile', 'ENV DB_PASSWORD=hunter2',
        '# stacklint: disable=pip-no-cache-dir,pip-install-ad-hoc', 'RUN pip install flask \\', '    requests',
        '# stacklint: disable=dev-server-in-container', 'CMD ["flask", "run"]', '',
      ].join('\n'),
    );
  });

  it('on a sample of the standard library: every file still compiles and is then quiet', () => {
    const sample = stdlibSample();
    assert.ok(sample.length >= 60, `${sample.length} files`);
    const copies = sample.map((path, index) => {
      const copy = join(temp.path, `m${index}_${path.split('/').pop()}`);
      copyFileSync(path, copy);
      return copy;
    });
    const before = JSON.parse(runCli(temp.path, '.', '--format', 'json').stdout) as unknown[];
    assert.ok(before.length >= 100, `${before.length} findings before`);
    const result = runCli(temp.path, '.', '--add-suppressions', '--format', 'json');
    assert.deepEqual(JSON.parse(result.stdout), [], result.stderr);
    execFileSync('python3', ['-m', 'py_compile', ...copies], { stdio: 'pipe' });
    const after = runCli(temp.path, '.', '--format', 'json');
    assert.equal(after.code, 0);
    assert.deepEqual(JSON.parse(after.stdout), []);
    const added = Number(/added (\d+) suppressions/.exec(result.stderr)?.[1]);
    assert.ok(added >= before.length * 0.5, `${added} suppressions for ${before.length} findings`);
  });
});
