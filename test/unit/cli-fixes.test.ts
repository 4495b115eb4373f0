import * as assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { type JsonFinding, lintJson, runCli as run } from '../support/cli';
import { REPO } from '../support/fixtures';
import { assertCompiles } from '../support/python';
import { useTempDir } from '../support/tempDir';

const EXAMPLE = join(REPO, 'examples', 'legacy-service');

/** Every file under `dir` with its text, keyed by relative path. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((path) => before.get(path) !== after.get(path)).sort();
}

describe('command line: safe fixes by default, as Ruff', function () {
  this.timeout(60_000);
  const temp = useTempDir('cli-fixes');

  /** The example service with a psycopg 3 requirement and an `except:` that re-raises nothing. */
  function example(): string {
    const copy = join(temp.path, 'svc');
    cpSync(EXAMPLE, copy, { recursive: true });
    appendFileSync(join(copy, 'requirements.txt'), 'psycopg[binary]>=3\n');
    appendFileSync(join(copy, 'app', 'db.py'), '\n\ndef ping(session):\n    try:\n        session.execute("SELECT 1")\n    except:\n        return False\n    return True\n');
    return copy;
  }

  it('--fix applies only safe fixes and says how many --unsafe-fixes would add; --unsafe-fixes does the rest', () => {
    const copy = example();
    const original = snapshot(copy);
    const text = run(temp.path, 'svc');
    const hidden = Number(/(\d+) hidden fixes can be enabled with --unsafe-fixes\./.exec(text.stdout)?.[1]);
    assert.ok(hidden > 0, text.stdout);
    const json = lintJson(temp.path, 'svc');
    // Only the safe fixes count as fixable without --unsafe-fixes.
    assert.deepEqual([...new Set(json.filter((f) => f.fixable).map((f) => f.rule))].sort(), ['pip-no-cache-dir', 'pydantic-v1-config', 'pytz-usage']);

    const fixed = run(temp.path, 'svc', '--fix');
    const afterSafe = snapshot(copy);
    // Safe fixes touch only the Python files with pytz and a Pydantic 1 Config, and the Dockerfile's pip cache; no dependency file changes.
    assert.deepEqual(changedFiles(original, afterSafe), ['Dockerfile', 'app/main.py', 'app/models.py']);
    assert.equal(afterSafe.get('requirements.txt'), original.get('requirements.txt'));
    const db = afterSafe.get('app/db.py')!;
    assert.match(db, /    except:\n        return False/);
    assert.match(afterSafe.get('app/main.py')!, /    except:\n        raise HTTPException/);
    assert.match(afterSafe.get('app/main.py')!, /print\("created order for"/);
    assert.doesNotMatch(afterSafe.get('app/main.py')!, /pytz/);
    assert.match(fixed.stdout, new RegExp(`${hidden} hidden fixes can be enabled with --unsafe-fixes\\.`));
    for (const [path, source] of afterSafe) if (path.endsWith('.py')) assertCompiles(source, basename(path));

    const unsafe = run(temp.path, 'svc', '--fix', '--unsafe-fixes', '--format', 'json');
    const afterAll = snapshot(copy);
    assert.match(afterAll.get('app/db.py')!, /    except Exception:\n        return False/);
    assert.match(afterAll.get('app/main.py')!, /except Exception:/);
    assert.doesNotMatch(afterAll.get('app/main.py')!, /print\(/);
    const remaining = JSON.parse(unsafe.stdout) as JsonFinding[];
    assert.deepEqual(remaining.filter((f) => f.fixable && f.file.endsWith('.py')), []);
    assert.equal(unsafe.stderr, '');
    for (const [path, source] of afterAll) if (path.endsWith('.py')) assertCompiles(source, basename(path));
    // psycopg 3 is not a drop-in for psycopg2: no fix rewrites it, safe or not.
    assert.match(afterAll.get('requirements.txt')!, /^psycopg\[binary\]>=3$/m);
  });

  it('unsafe-fixes = true in [tool.stacklint] makes --fix apply unsafe fixes; --no-unsafe-fixes overrides it', () => {
    temp.write('pyproject.toml', '[tool.stacklint]\nunsafe-fixes = true\n');
    temp.write('a.py', 'try:\n    pass\nexcept:\n    pass\n');
    temp.write('b.py', 'try:\n    pass\nexcept:\n    pass\n');
    run(temp.path, 'a.py', '--fix', '--no-unsafe-fixes');
    assert.match(readFileSync(join(temp.path, 'a.py'), 'utf8'), /except:/);
    run(temp.path, 'b.py', '--fix');
    assert.match(readFileSync(join(temp.path, 'b.py'), 'utf8'), /except Exception:/);
  });

  it('with --fix, says how many hidden fixes there are on stderr for machine formats, never on stdout', () => {
    temp.write('a.py', 'try:\n    pass\nexcept:\n    pass\n');
    const result = run(temp.path, 'a.py', '--fix', '--format', 'json');
    assert.deepEqual(JSON.parse(result.stdout).map((f: JsonFinding) => [f.rule, f.fixable]), [['bare-except', false]]);
    assert.equal(result.stderr, 'stacklint: 1 hidden fix can be enabled with --unsafe-fixes\n');
    assert.equal(run(temp.path, 'a.py', '--format', 'json').stderr, '');
    assert.equal(run(temp.path, '--unsafe-fixes', '--no-unsafe-fixes').code, 2);
  });
});
