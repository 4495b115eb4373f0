import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CLI, runCli } from '../support/cli';
import { useTempDir } from '../support/tempDir';

const PYDANTIC_BASE = 'from pydantic import BaseModel\n\n\nclass Base(BaseModel):\n    pass\n';
const MODELS = 'from app.base import Base\n\n\nclass User(Base):\n    name: str\n\n    class Config:\n        extra = "forbid"\n';

describe('command line: result cache', function () {
  this.timeout(60_000);
  const temp = useTempDir('cli-cache');
  const index = () => join(temp.path, '.stacklint_cache', 'results.json');
  const lint = (...args: string[]) => runCli(temp.path, '.', '--format', 'json', ...args);

  beforeEach(() => {
    temp.write('app/main.py', 'import pytz\n\nprint("hello")\ntry:\n    pass\nexcept:\n    pass\n');
    temp.write('app/base.py', PYDANTIC_BASE);
    temp.write('app/models.py', MODELS);
    temp.write('requirements.txt', 'fastapi==0.104.0\npytest==7.4.3\n');
  });

  it('prints byte for byte what an uncached run prints, and answers the second run from the cache', () => {
    const uncached = lint('--no-cache');
    assert.equal(existsSync(index()), false, '--no-cache writes no cache');
    const first = lint();
    const second = lint();
    assert.equal(first.stdout, uncached.stdout);
    assert.equal(second.stdout, uncached.stdout);
    assert.equal(second.code, uncached.code);
    assert.equal(readFileSync(join(temp.path, '.stacklint_cache', '.gitignore'), 'utf8').includes('*'), true);
    // Proof that the second run came from the cache: a result planted in it is what the next run prints.
    writeFileSync(index(), readFileSync(index(), 'utf8').replace('Bare `except:`', 'Planted'));
    assert.match(lint().stdout, /Planted/);
    assert.doesNotMatch(lint('--no-cache').stdout, /Planted/);
  });

  it('prints the same SARIF, with its links to the standard, from the cache as without it', () => {
    const uncached = runCli(temp.path, '.', '--format', 'sarif', '--no-cache');
    runCli(temp.path, '.', '--format', 'sarif');
    const cached = runCli(temp.path, '.', '--format', 'sarif');
    assert.match(uncached.stdout, /relatedLocations/);
    assert.equal(cached.stdout, uncached.stdout);
    // The headings are looked up again on use, not kept in the index.
    assert.doesNotMatch(readFileSync(index(), 'utf8'), /"sections"/);
  });

  it('lints a changed file again, even when its size and timestamp are unchanged', () => {
    lint();
    temp.write('app/main.py', 'import pytz\n\nprint("hellp")\ntry:\n    pass\nexcept:\n    pass\n');
    assert.equal(lint().stdout, lint('--no-cache').stdout);
  });

  it('is invalidated by a change of configuration', () => {
    const before = JSON.parse(lint().stdout) as { rule: string }[];
    assert.ok(before.some((f) => f.rule === 'print-call'));
    temp.write('pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\n');
    const after = JSON.parse(lint().stdout) as { rule: string }[];
    assert.deepEqual(after.filter((f) => f.rule === 'print-call'), []);
    assert.equal(lint().stdout, lint('--no-cache').stdout);
  });

  it('is invalidated by a change of the team policy file', () => {
    temp.write('pyproject.toml', '[tool.stacklint]\npolicy = "stack.toml"\n');
    temp.write('stack.toml', 'extends = "default"\n');
    const rules = () => (JSON.parse(lint().stdout) as { file: string; rule: string }[]).filter((f) => f.file === 'requirements.txt').map((f) => f.rule);
    assert.deepEqual(rules(), ['dev-dependency-in-production']);
    temp.write('stack.toml', 'extends = "default"\n\n[packages.fastapi]\nstatus = "banned"\nsection = "§2.1"\nreason = "the company moved on"\n');
    assert.deepEqual(rules(), ['off-stack-dependency', 'dev-dependency-in-production']);
    assert.equal(lint().stdout, lint('--no-cache').stdout);
  });

  it('is invalidated by a change in another file a rule read (the base class of a model)', () => {
    const rules = () => (JSON.parse(lint().stdout) as { file: string; rule: string }[]).filter((f) => f.file === 'app/models.py').map((f) => f.rule);
    assert.deepEqual(rules(), ['pydantic-v1-config']);
    temp.write('app/base.py', 'class Base:\n    pass\n');
    assert.deepEqual(rules(), []);
  });

  it('is not used by --fix, and a fixed file is linted afresh', () => {
    lint();
    const fixed = runCli(temp.path, '.', '--fix', '--format', 'json');
    assert.equal(fixed.stdout, lint('--no-cache').stdout);
    assert.equal(lint().stdout, lint('--no-cache').stdout);
  });

  it('hashes a file written again with its old size and mtime (touch -d, cp -p, an archive restored)', () => {
    const main = join(temp.path, 'app/main.py');
    temp.write('app/main.py', 'import pytz\n');
    utimesSync(main, new Date('2020-01-01'), new Date('2020-01-01'));
    lint();
    writeFileSync(main, 'import json\n');
    utimesSync(main, new Date('2020-01-01'), new Date('2020-01-01'));
    assert.equal(lint().stdout, lint('--no-cache').stdout);
  });

  it('keys results by the configuration\'s problems: a policy file removed, then restored', () => {
    temp.write('pyproject.toml', '[project]\nname = "x"\ndependencies = ["fastapi==0.115.0"]\n\n[tool.stacklint]\npolicy = "team.toml"\n');
    temp.write('team.toml', 'extends = "default"\n');
    lint();
    rmSync(join(temp.path, 'team.toml'));
    const missing = lint();
    assert.match(missing.stdout, /team\.toml/);
    assert.equal(missing.stdout, lint('--no-cache').stdout);
    temp.write('team.toml', 'extends = "default"\n');
    assert.equal(lint().stdout, lint('--no-cache').stdout);
  });

  it('keeps no result of a file the parser gave up on (a timeout may pass next time)', () => {
    temp.write('app/deep.py', Array.from({ length: 210 }, (_, i) => `${'    '.repeat(i)}if x:\n`).join('') + `${'    '.repeat(210)}pass\n`);
    assert.match(lint().stdout, /file-not-linted/);
    assert.doesNotMatch(readFileSync(index(), 'utf8'), /deep\.py/);
    // Also when file-not-linted is off, and the file shows no finding at all.
    temp.write('pyproject.toml', '[tool.stacklint]\ndisable = ["file-not-linted"]\n');
    assert.doesNotMatch(lint().stdout, /deep\.py/);
    assert.doesNotMatch(readFileSync(index(), 'utf8'), /deep\.py/);
  });

  it('keeps each path\'s results under its own configuration when one run lints several', () => {
    // No pyproject.toml: `..` is linted with its own folder as the project, where `flask` is off-stack; from
    // `sub` itself, flask.py beside t.py is first-party.
    const sub = join(temp.path, 'w', 'sub');
    temp.write('w/sub/t.py', 'import flask\n');
    temp.write('w/sub/flask.py', '');
    temp.write('w/sub/other.py', 'x = 1\n');
    runCli(sub, '..', 'other.py', '--format', 'json');
    assert.equal(runCli(sub, 't.py', '--format', 'json').stdout, runCli(sub, 't.py', '--format', 'json', '--no-cache').stdout);
  });

  it('keeps apart two files whose names are not UTF-8 and read the same once decoded', () => {
    writeFileSync(Buffer.concat([Buffer.from(temp.path), Buffer.from('/x\xff.py', 'latin1')]), 'import pytz\n');
    writeFileSync(join(temp.path, 'x\ufffd.py'), 'print(1)\n');
    lint();
    assert.equal(lint().stdout, lint('--no-cache').stdout);
  });

  it('forgets the files a run of their folder no longer finds, and keeps those outside the paths linted', () => {
    lint();
    const entries = () => Object.keys(JSON.parse(readFileSync(index(), 'utf8')).files).map((path) => path.slice(temp.path.length + 1)).sort();
    assert.deepEqual(entries(), ['app/base.py', 'app/main.py', 'app/models.py', 'requirements.txt']);
    rmSync(join(temp.path, 'app/models.py'));
    temp.write('app/renamed.py', MODELS);
    runCli(temp.path, 'app/main.py', '--format', 'json');
    assert.deepEqual(entries(), ['app/base.py', 'app/main.py', 'app/models.py', 'requirements.txt'], 'a run of one file forgets nothing else');
    runCli(temp.path, 'app', '--format', 'json');
    assert.deepEqual(entries(), ['app/base.py', 'app/main.py', 'app/renamed.py', 'requirements.txt']);
  });

  describe('in a repository that plants links or special files in the cache folder', () => {
    const outside = useTempDir('cli-cache-outside');
    const folder = () => join(temp.path, '.stacklint_cache');

    it('never writes through a .gitignore that links outside, nor replaces the .gitignore of a folder it did not create', () => {
      const victim = join(outside.path, 'victim.txt');
      writeFileSync(victim, 'precious\n');
      mkdirSync(folder());
      symlinkSync(victim, join(folder(), '.gitignore'));
      assert.equal(lint().stdout, lint('--no-cache').stdout);
      assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
      // `--cache-dir .` or an empty STACKLINT_CACHE_DIR: the project's own .gitignore stays.
      temp.write('.gitignore', 'secrets.env\n');
      runCli(temp.path, '.', '--cache-dir', '.');
      assert.equal(readFileSync(join(temp.path, '.gitignore'), 'utf8'), 'secrets.env\n');
      spawnSync(process.execPath, [CLI, '.'], { cwd: temp.path, env: { ...process.env, STACKLINT_CACHE_DIR: '' } });
      assert.equal(readFileSync(join(temp.path, '.gitignore'), 'utf8'), 'secrets.env\n');
      assert.equal(readFileSync(join(folder(), 'results.json'), 'utf8').includes('"files"'), true, 'an empty variable means the default folder');
    });

    it('writes nothing through a link on the way to a cache folder inside the workspace', () => {
      mkdirSync(join(outside.path, 'stacklint'));
      symlinkSync(outside.path, join(temp.path, '.cache'));
      const run = lint('--cache-dir', '.cache/stacklint');
      assert.equal(run.stdout, lint('--no-cache').stdout);
      assert.match(run.stderr, /\.cache is a symbolic link/);
      assert.deepEqual(readdirSync(join(outside.path, 'stacklint')), []);
    });

    it('refuses a link in the workspace also when the cache path reaches the workspace through a link outside it', () => {
      mkdirSync(join(outside.path, 'real'));
      symlinkSync(outside.path, join(temp.path, 'build'));
      const viaLink = join(outside.path, 'project');
      symlinkSync(temp.path, viaLink);
      // An absolute path through the link to the cwd, and one that leaves the cwd and comes back through it.
      for (const cacheDir of [join(viaLink, 'build', 'real', 'cache'), join('..', basename(outside.path), 'project', 'build', 'real', 'cache')]) {
        const run = runCli(temp.path, '.', '--format', 'json', '--cache-dir', cacheDir);
        assert.match(run.stderr, /build is a symbolic link/, cacheDir);
        assert.deepEqual(readdirSync(join(outside.path, 'real')), [], cacheDir);
      }
    });

    it('does not trust an index whose file was not written when it says (one committed to the repository)', () => {
      const clean = lint().stdout;
      // The copy a checkout makes: the content as committed, the checkout's time.
      writeFileSync(index(), readFileSync(index(), 'utf8').replace(/"rule":"pytz-usage"/g, '"rule":"forged"'));
      const checkout = new Date(Date.now() + 60_000);
      utimesSync(index(), checkout, checkout);
      assert.equal(lint().stdout, clean);
    });

    it('prints only the fields a lint prints, whatever else an entry holds', () => {
      const clean = lint().stdout;
      const text = readFileSync(index(), 'utf8').replace(/"rule":/g, '"file":"/etc/passwd","extra":1,"rule":');
      const { mtime } = statSync(index());
      writeFileSync(index(), text);
      utimesSync(index(), mtime, mtime);
      assert.equal(lint().stdout, clean);
    });

    it('reads no index that is a FIFO or a link to an endless device, and replaces it', () => {
      for (const plant of [() => symlinkSync('/dev/zero', index()), () => execFileSync('mkfifo', [index()])]) {
        mkdirSync(folder(), { recursive: true });
        plant();
        const run = lint();
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stdout, lint('--no-cache').stdout);
        assert.match(run.stderr, /results\.json: .*not a regular file|results\.json: .*outside/);
        assert.equal(lstatSync(index()).isFile(), true, 'the next run finds a regular index');
        assert.equal(lint().stdout, run.stdout);
        readdirSync(folder()).forEach((name) => assert.doesNotMatch(name, /\.tmp$/));
        execFileSync('rm', ['-rf', folder()]);
      }
    });

    it('drops the entries of a damaged index that still names this build, and lints those files again', () => {
      const clean = lint().stdout;
      const stored = JSON.parse(readFileSync(index(), 'utf8')) as { files: Record<string, unknown[]> };
      const damage: ((entry: unknown[]) => void)[] = [(entry) => (entry[4] = null), (entry) => (entry[5] = 'x'), (entry) => (entry[5] = [{ line: 'one' }]), (entry) => (entry[2] = 7)];
      Object.values(stored.files).forEach((entry, i) => damage[i % damage.length](entry));
      writeFileSync(index(), JSON.stringify(stored));
      const run = lint();
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, clean);
    });

    it('does not use a cache folder that is a link, so nothing is written where it points', () => {
      symlinkSync(outside.path, folder());
      const run = lint();
      assert.equal(run.stdout, lint('--no-cache').stdout);
      assert.match(run.stderr, /not using the result cache in \S*\.stacklint_cache: it is a symbolic link/);
      assert.deepEqual(readdirSync(outside.path), []);
    });
  });
});

