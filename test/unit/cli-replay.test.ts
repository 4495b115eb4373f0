import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RunRecorder } from '../../server/src/cli/runRecorder';
import { CLI } from '../support/cli';
import { useTempDir } from '../support/tempDir';

const MAIN = 'import pytz\n\nprint("hello")\ntry:\n    pass\nexcept:\n    pass\n';
const PYDANTIC_BASE = 'from pydantic import BaseModel\n\n\nclass Base(BaseModel):\n    pass\n';
const MODELS = 'from app.base import Base\n\n\nclass User(Base):\n    name: str\n\n    class Config:\n        extra = "forbid"\n';
const MEMO = 'last-run.json';

/**
 * Each case is its own project, set up before the suite waits out the 2 s in
 * which a memo does not trust timestamps, so one wait serves them all.
 */
const CASES = ['json', 'text', 'content', 'new-file', 'pyproject', 'above', 'policy', 'read', 'command', 'planted', 'off', 'writes', 'link', 'dot', 'gave-up', 'trouble', 'exit', 'own-name'] as const;
type Case = (typeof CASES)[number];

describe('command line: replay of the last run', function () {
  this.timeout(120_000);
  const temp = useTempDir('cli-replay', 'suite');
  const project = (name: Case) => join(temp.path, name, 'project');
  const cache = (name: Case) => join(temp.path, name, 'cache');
  const write = (name: Case, rel: string, text: string) => {
    const path = join(project(name), rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  /** Where each case keeps its cache: its own folder beside the project; for 'dot' the project itself (`--cache-dir .`), for 'own-name' the default folder in it. */
  const cacheEnv = (name: Case) => (name === 'dot' ? '.' : name === 'own-name' ? '' : cache(name));
  const run = (name: Case, args: string[] = ['--format', 'json'], env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [CLI, '.', ...args], {
      cwd: project(name),
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, STACKLINT_REPLAY: 'trace', STACKLINT_CACHE_DIR: cacheEnv(name), ...env },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const timeless = (text: string) => text.replace(/in \d+\.\d\d s\./, 'in T s.');
  const replayed = (stderr: string) => /replay: the last run's report/.test(stderr);
  const fresh = (name: Case, args?: string[]) => run(name, [...(args ?? ['--format', 'json']), '--no-cache'], { STACKLINT_REPLAY: '0' });

  before(async () => {
    for (const name of CASES) {
      write(name, 'app/main.py', MAIN);
      write(name, 'app/base.py', PYDANTIC_BASE);
      write(name, 'app/models.py', MODELS);
      write(name, 'requirements.txt', 'fastapi==0.104.0\npytest==7.4.3\n');
    }
    write('policy', 'pyproject.toml', '[tool.stacklint]\npolicy = "stack.toml"\n');
    write('policy', 'stack.toml', 'extends = "default"\n');
    // A repository that plants a link where the cache folder goes, to have stacklint write where it points.
    mkdirSync(join(temp.path, 'link', 'outside', 'cache'), { recursive: true });
    symlinkSync(join(temp.path, 'link', 'outside'), join(project('link'), '.stacklint_cache'));
    symlinkSync(join(temp.path, 'link', 'outside'), join(project('link'), '.linked'));
    write('gave-up', 'app/deep.py', Array.from({ length: 210 }, (_, i) => `${'    '.repeat(i)}if x:\n`).join('') + `${'    '.repeat(210)}pass\n`);
    // An index that is a folder: the run says so on stderr, about a folder the memo does not record.
    mkdirSync(join(cache('trouble'), 'results.json'), { recursive: true });
    // The default cache folder, inside the project the walk lists (made now, so the first run's memo trusts the project's listing).
    mkdirSync(join(project('own-name'), '.stacklint_cache'));
    await new Promise((done) => setTimeout(done, 2100));
    for (const name of CASES.filter((name) => !['link', 'gave-up', 'trouble'].includes(name))) {
      const first = run(name, name === 'text' ? [] : undefined);
      assert.match(first.stderr, /replay: memo of \d+ paths written/, `${name}: ${first.stderr}`);
    }
  });

  it('prints the last run\'s report byte for byte, with its exit code and messages, when nothing changed', () => {
    const again = run('json');
    assert.ok(replayed(again.stderr), again.stderr);
    const expected = fresh('json');
    assert.equal(again.stdout, expected.stdout);
    assert.equal(again.code, expected.code);
    assert.match(again.stdout, /"rule": "pytz-usage"/);
  });

  it('shows its own run time in the text summary, and the rest as it was', () => {
    const again = run('text', []);
    assert.ok(replayed(again.stderr), again.stderr);
    const expected = fresh('text', []);
    assert.match(again.stdout, /Checked 4 files in \d+\.\d\d s\./);
    assert.equal(timeless(again.stdout), timeless(expected.stdout));
  });

  const changes: [Case, string, (name: Case) => void, RegExp][] = [
    ['content', 'a file rewritten with the same size', (name) => write(name, 'app/main.py', MAIN.replace('print("hello")', 'x  = ("hello")')), /main\.py changed/],
    ['new-file', 'a file added in a folder', (name) => write(name, 'app/extra.py', 'import pytz\n'), /app changed/],
    ['pyproject', 'a pyproject.toml added', (name) => write(name, 'pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\n'), /project(\/pyproject\.toml)? changed/],
    ['above', 'a pyproject.toml added above the folder linted', (name) => writeFileSync(join(temp.path, name, 'pyproject.toml'), '[tool.stacklint]\ndisable = ["bare-except"]\n'), /pyproject\.toml changed/],
    ['policy', 'the team policy changed', (name) => write(name, 'stack.toml', 'extends = "default"\n\n[packages.fastapi]\nstatus = "banned"\nsection = "§2.1"\nreason = "moved on"\n'), /stack\.toml changed/],
    ['read', 'a file another file\'s rule read (a model\'s base class)', (name) => write(name, 'app/base.py', 'class Base:\n    pass\n'), /base\.py changed/],
    // `--cache-dir .`: the cache folder holds the project, whose files the memo still records.
    ['dot', 'a file changed in a project that holds the cache folder', (name) => write(name, 'app/main.py', 'x = 1\n'), /main\.py changed/],
    // The default cache folder is walked like any other; a folder named like stacklint's own files is no exception.
    ['own-name', 'a Python file added to the cache folder, in a folder named like its own files', (name) => write(name, '.stacklint_cache/last-run.json.1.1.tmp/d.py', 'print(1)\n'), /\.stacklint_cache changed/],
  ];
  for (const [name, what, change, why] of changes) {
    it(`lints again after ${what}`, () => {
      const before = run(name);
      assert.ok(replayed(before.stderr), before.stderr);
      change(name);
      const after = run(name);
      assert.ok(!replayed(after.stderr), after.stderr);
      assert.match(after.stderr, why);
      assert.equal(after.stdout, fresh(name).stdout);
      assert.notEqual(after.stdout, before.stdout, 'the change shows in the report');
    });
  }

  it('is not used by another command, nor by the same one without the cache', () => {
    const other = run('command', ['--format', 'text']);
    assert.match(other.stderr, /memo is of another command/);
    assert.equal(timeless(other.stdout), timeless(fresh('command', ['--format', 'text']).stdout));
    const uncached = run('command', ['--format', 'json', '--no-cache']);
    assert.ok(!replayed(uncached.stderr), uncached.stderr);
  });

  it('replays what the memo holds (a planted report shows), but not a memo whose file was not written when it says', () => {
    const path = join(cache('planted'), MEMO);
    const { mtime } = statSync(path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('pytz-usage', 'planted-xx'));
    utimesSync(path, mtime, mtime);
    assert.match(run('planted').stdout, /planted-xx/);
    // As a memo committed to a repository would be: the content, but the checkout's time.
    const checkout = new Date(Date.now() + 60_000);
    utimesSync(path, checkout, checkout);
    const run2 = run('planted');
    assert.doesNotMatch(run2.stdout, /planted-xx/);
    assert.equal(run2.stdout, fresh('planted').stdout);
  });

  it('is off with STACKLINT_REPLAY=0, which also writes no memo', () => {
    const path = join(cache('off'), MEMO);
    const { mtime } = statSync(path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('pytz-usage', 'planted-xx'));
    utimesSync(path, mtime, mtime);
    const off = run('off', undefined, { STACKLINT_REPLAY: '0' });
    assert.doesNotMatch(off.stdout, /planted-xx/);
    rmSync(path);
    run('off', undefined, { STACKLINT_REPLAY: '0' });
    assert.equal(existsSync(path), false);
  });

  it('writes no memo through a link planted where the cache folder goes, or on the way to it', () => {
    for (const folder of ['', '.linked/cache']) {
      for (let i = 0; i < 2; i++) {
        const result = run('link', undefined, { STACKLINT_CACHE_DIR: folder });
        assert.doesNotMatch(result.stderr, /memo of/);
        assert.match(result.stderr, /is a symbolic link/);
      }
    }
    assert.deepEqual(readdirSync(join(temp.path, 'link', 'outside')), ['cache']);
    assert.deepEqual(readdirSync(join(temp.path, 'link', 'outside', 'cache')), []);
  });

  it('writes no memo of a run in which the parser gave up on a file (another run may lint it)', () => {
    const result = run('gave-up');
    assert.match(result.stdout, /file-not-linted/);
    assert.match(result.stderr, /no memo: the parser gave up/);
    assert.equal(existsSync(join(cache('gave-up'), MEMO)), false);
  });

  it('writes no memo of a run whose result cache had a problem it reported', () => {
    const result = run('trouble');
    assert.match(result.stderr, /results\.json: .*not read/);
    assert.match(result.stderr, /no memo: the result cache could not be used/);
  });

  it('does not replay a memo with an exit code no report has', () => {
    const path = join(cache('exit'), MEMO);
    const { mtime } = statSync(path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"exitCode":1', '"exitCode":7'));
    utimesSync(path, mtime, mtime);
    const result = run('exit');
    assert.ok(!replayed(result.stderr), result.stderr);
    assert.equal(result.code, 1);
  });

  it('writes no memo for a run that changes files or writes its report elsewhere', () => {
    const path = join(cache('writes'), MEMO);
    for (const args of [['--fix'], ['--add-suppressions'], ['--output-file', join(temp.path, 'writes', 'report.json')], ['--write-baseline']]) {
      rmSync(path, { force: true });
      run('writes', args);
      assert.equal(existsSync(path), false, args.join(' '));
    }
  });
});

describe('command line: the replay memo of a run during which files changed', function () {
  this.timeout(20_000);
  const temp = useTempDir('cli-replay-recorder', 'suite');
  const memo = () => join(temp.path, 'cache', MEMO);
  const report = { stdout: 'report\n', exitCode: 0 };

  before(async () => {
    mkdirSync(join(temp.path, 'cache'));
    for (const name of ['kept.toml', 'deleted.toml', 'rewritten.toml']) writeFileSync(join(temp.path, name), 'x = 1\n');
    mkdirSync(join(temp.path, 'listed'));
    await new Promise((done) => setTimeout(done, 2100));
  });

  // In this process: the recorder wraps the fs functions every module here calls, as it does in the CLI.
  const recordRun = (during: () => void) => {
    rmSync(memo(), { force: true });
    const recorder = new RunRecorder(['.'], join(temp.path, 'cache'), temp.path);
    try {
      during();
    } finally {
      recorder.stop();
    }
    recorder.finish(report);
    return existsSync(memo());
  };

  it('writes the memo when nothing the run looked at changed', () => {
    assert.equal(recordRun(() => {
      readFileSync(join(temp.path, 'kept.toml'));
      existsSync(join(temp.path, 'absent.toml'));
      readdirSync(join(temp.path, 'listed'));
    }), true);
  });

  it('signs the cache folder\'s listing as the run saw it, not as it is when the memo is written', () => {
    const folder = join(temp.path, 'cache');
    assert.equal(recordRun(() => {
      readdirSync(folder, { withFileTypes: true });
      writeFileSync(join(folder, 'late.py'), 'print(1)\n');
    }), true);
    const header = JSON.parse(readFileSync(memo(), 'utf8').split('\n')[0]) as { records: [string, string, string][] };
    const entries = header.records.find(([kind, path]) => kind === 'entries' && path === folder);
    assert.ok(entries, 'the listing is recorded');
    assert.doesNotMatch(entries[2], /late\.py/);
    rmSync(join(folder, 'late.py'));
  });

  it('removes a stale memo, but no other file of that name (a cache folder reached through a planted link)', () => {
    const path = memo();
    writeFileSync(path, 'precious\n');
    new RunRecorder(['.'], join(temp.path, 'cache'), temp.path).finish(undefined, 'linted in worker threads');
    assert.equal(readFileSync(path, 'utf8'), 'precious\n');
    rmSync(path);
    assert.equal(recordRun(() => undefined), true);
    new RunRecorder(['.'], join(temp.path, 'cache'), temp.path).finish(undefined, 'linted in worker threads');
    assert.equal(existsSync(path), false);
  });

  it('writes none when a file the run found is gone by the end of it', () => {
    assert.equal(recordRun(() => {
      assert.equal(existsSync(join(temp.path, 'deleted.toml')), true);
      rmSync(join(temp.path, 'deleted.toml'));
    }), false);
  });

  it('writes none when a file the run read, or a folder it listed, changed after the read', () => {
    assert.equal(recordRun(() => {
      readFileSync(join(temp.path, 'rewritten.toml'));
      writeFileSync(join(temp.path, 'rewritten.toml'), 'x = 2\n');
    }), false);
    assert.equal(recordRun(() => {
      readdirSync(join(temp.path, 'listed'));
      writeFileSync(join(temp.path, 'listed', 'new.py'), '');
    }), false);
  });
});
