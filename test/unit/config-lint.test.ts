import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigCache } from '../../server/src/config/load';
import { isExcluded, lintText } from '../../server/src/engine/lint';
import type { Finding } from '../../server/src/core/types';
import { initPythonParser } from '../../server/src/python/parse';
import { classifyImport } from '../../server/src/policy/imports';
import { classify } from '../../server/src/policy/policy';

/**
 * Each `[tool.stacklint]` key, written to a real pyproject.toml, changes what
 * `lintText` reports on real files: the same path the CLI and the language
 * server take (ConfigCache → config → lintText).
 */
import { useTempDir } from '../support/tempDir';

describe('configuration changes what is reported', () => {
  const temp = useTempDir('config-lint');
  let dir: string;
  before(() => initPythonParser());
  beforeEach(() => {
    dir = temp.path;
  });
  const write = temp.write;


  /** Lints files of a project whose pyproject.toml holds `settings` under [tool.stacklint]. */
  function lintWith(settings: string, files: Record<string, string>): Record<string, string[]> {
    write('pyproject.toml', `[project]\nname = "svc"\n\n[tool.stacklint]\n${settings}\n`);
    const paths = Object.entries(files).map(([path, text]) => write(path, text));
    const cache = new ConfigCache(dir, undefined, { stopAt: dir });
    const result: Record<string, string[]> = {};
    for (const path of paths) {
      const { config, problems } = cache.forFile(path);
      assert.deepEqual(problems.map((p) => p.finding.message), []);
      const findings: Finding[] = lintText(path, readFileSync(path, 'utf8'), config);
      result[path.slice(dir.length + 1)] = findings.map((f) => `${f.range.start.line + 1}:${f.rule}:${f.severity}`);
    }
    return result;
  }

  const PRINTS = { 'app/main.py': 'print("hello")\n' };

  it('without settings: the defaults', () => {
    assert.deepEqual(lintWith('', PRINTS), { 'app/main.py': ['1:print-call:warning'] });
  });

  it('disable', () => {
    assert.deepEqual(lintWith('disable = ["print-call"]', PRINTS), { 'app/main.py': [] });
  });

  it('severity: raised, lowered, off', () => {
    assert.deepEqual(lintWith('severity = { print-call = "error" }', PRINTS), { 'app/main.py': ['1:print-call:error'] });
    assert.deepEqual(lintWith('[tool.stacklint.severity]\nprint-call = "hint"', PRINTS), { 'app/main.py': ['1:print-call:hint'] });
    assert.deepEqual(lintWith('severity = { print-call = "off" }', PRINTS), { 'app/main.py': [] });
  });

  it('tests replaces the default test globs', () => {
    const files = { 'qa/check_api.py': 'print("a")\n', 'tests/test_api.py': 'print("b")\n' };
    assert.deepEqual(lintWith('', files), { 'qa/check_api.py': ['1:print-call:warning'], 'tests/test_api.py': [] });
    assert.deepEqual(lintWith('tests = ["qa/**"]', files), { 'qa/check_api.py': [], 'tests/test_api.py': ['1:print-call:warning'] });
  });

  it('exclude', () => {
    write('pyproject.toml', '[tool.stacklint]\nexclude = ["migrations/**"]\n');
    const cache = new ConfigCache(dir, undefined, { stopAt: dir });
    const migration = write('migrations/versions/001.py', 'print("x")\n');
    const app = write('app/main.py', 'print("x")\n');
    assert.equal(isExcluded(migration, cache.forFile(migration).config), true);
    assert.equal(isExcluded(app, cache.forFile(app).config), false);
  });

  it('per-file-ignores by glob', () => {
    const files = { 'scripts/seed.py': 'print("a")\n', 'scripts/deep/more.py': 'print("b")\n', 'app/main.py': 'print("c")\n' };
    assert.deepEqual(lintWith('per-file-ignores = { "scripts/*.py" = ["print-call"] }', files), {
      'scripts/seed.py': [],
      'scripts/deep/more.py': ['1:print-call:warning'],
      'app/main.py': ['1:print-call:warning'],
    });
    assert.deepEqual(lintWith('[tool.stacklint.per-file-ignores]\n"scripts/**" = ["all"]', files)['scripts/deep/more.py'], []);
  });

  it('extend-allow makes a package standard in code and in requirements', () => {
    const files = { 'app/client.py': 'import aiohttp\n\nSESSION = aiohttp\n', 'requirements.txt': 'aiohttp==3.9.1\n' };
    assert.deepEqual(lintWith('', files), { 'app/client.py': ['1:off-stack-import:warning'], 'requirements.txt': ['1:off-stack-dependency:warning'] });
    assert.deepEqual(lintWith('extend-allow = ["aiohttp"]', files), { 'app/client.py': [], 'requirements.txt': [] });
  });

  it('an approved deviation silences both the requirement and the import, and keeps its reason', () => {
    const files = {
      'app/audit.py': 'from mongoengine import Document\n\nBASE = Document\n',
      'requirements.txt': 'MongoEngine==0.27.0\n',
      'pyproject-deps/pyproject.toml': '[project]\nname = "x"\ndependencies = ["mongoengine==0.27.0"]\n',
    };
    const before = lintWith('', files);
    assert.deepEqual(before['app/audit.py'], ['1:off-stack-import:warning']);
    assert.deepEqual(before['requirements.txt'], ['1:off-stack-dependency:warning']);
    assert.ok(before['pyproject-deps/pyproject.toml'].some((f) => f.includes('off-stack-dependency')));
    const after = lintWith('[tool.stacklint.approved-deviations]\nmongoengine = "ADR-012, audit store, approved 2026-01-10"', files);
    assert.deepEqual(after, { 'app/audit.py': [], 'requirements.txt': [], 'pyproject-deps/pyproject.toml': after['pyproject-deps/pyproject.toml'] });
    assert.ok(!after['pyproject-deps/pyproject.toml'].some((f) => f.includes('off-stack')));
    const config = new ConfigCache(dir).forFile(join(dir, 'app/audit.py')).config;
    assert.equal(classify('mongoengine', config).approvedReason, 'ADR-012, audit store, approved 2026-01-10');
    assert.equal(classifyImport('mongoengine.fields', config)?.approvedReason, 'ADR-012, audit store, approved 2026-01-10');
  });

  it('minimum-versions raises a minimum', () => {
    const files = { 'requirements.txt': 'fastapi==0.105.0\n' };
    assert.deepEqual(lintWith('', files), { 'requirements.txt': [] });
    assert.deepEqual(lintWith('minimum-versions = { fastapi = "0.110" }', files), { 'requirements.txt': ['1:below-stack-version:warning'] });
  });

  it('python narrows the supported Python versions', () => {
    const pyproject = '[project]\nname = "svc"\nrequires-python = ">=3.10"\n';
    write('pyproject.toml', pyproject);
    const lint = (settings: string) => {
      const path = write('pyproject.toml', `${pyproject}\n[tool.stacklint]\n${settings}\n`);
      const { config } = new ConfigCache(dir, undefined, { stopAt: dir }).forFile(path);
      return lintText(path, readFileSync(path, 'utf8'), config).map((f) => `${f.range.start.line + 1}:${f.rule}`);
    };
    assert.deepEqual(lint(''), []);
    assert.deepEqual(lint('python = { min = "3.11", max = "3.12" }'), ['3:below-stack-version']);
  });

  it('a malformed table is reported on pyproject.toml and the rest still applies', () => {
    const pyproject = write('pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\nseverity = ["error"]\n');
    const app = write('app/main.py', 'print("x")\ntry:\n    pass\nexcept:\n    pass\n');
    const { config, problems } = new ConfigCache(dir).forFile(app);
    assert.deepEqual(problems.map((p) => [p.file, p.finding.rule, p.finding.severity, p.finding.range.start.line]), [[pyproject, 'invalid-configuration', 'error', 2]]);
    assert.deepEqual(lintText(app, readFileSync(app, 'utf8'), config).map((f) => `${f.rule}:${f.severity}`), ['bare-except:warning']);
  });
});
