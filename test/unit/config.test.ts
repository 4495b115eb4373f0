import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig, withEditorSeverity } from '../../server/src/core/config';
import { ConfigCache, ConfigError, settingsContext } from '../../server/src/config/load';
import { pythonRange } from '../../server/src/policy/policy';
import { parseConfigText } from '../../server/src/config/pyproject';
import type { Finding } from '../../server/src/core/types';

function parse(text: string, name = 'pyproject.toml') {
  return parseConfigText(join('/project', name), text, settingsContext());
}

/** Problems as `line: message fragment` for readable assertions (1-based lines). */
function where(problems: readonly Finding[]): string[] {
  return problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.rule} ${p.severity}`);
}

import { useTempDir } from '../support/tempDir';

describe('[tool.stacklint] parsing', () => {
  it('reads every key of interfaces.md', () => {
    const { config, problems, hasTable } = parse(`
[project]
name = "svc"

[tool.stacklint]
disable = ["unpinned-dependency"]
tests = ["tests/**", "**/test_*.py"]
exclude = ["migrations/**"]
extend-allow = ["Sentry_SDK"]

[tool.stacklint.per-file-ignores]
"scripts/*.py" = ["print-call"]

[tool.stacklint.severity]
print-call = "error"
bare-except = "off"

[tool.stacklint.approved-deviations]
MongoEngine = "ADR-012, audit store, approved 2026-01-10"

[tool.stacklint.minimum-versions]
fastapi = "0.110"

[tool.stacklint.python]
min = "3.11"
max = "3.12"
`);
    assert.deepEqual(problems, []);
    assert.equal(hasTable, true);
    assert.deepEqual(config.disable, ['unpinned-dependency']);
    assert.deepEqual(config.tests, ['tests/**', '**/test_*.py']);
    assert.deepEqual(config.exclude, ['migrations/**']);
    assert.deepEqual(config.extendAllow, ['sentry-sdk']);
    assert.deepEqual(config.perFileIgnores, { 'scripts/*.py': ['print-call'] });
    assert.deepEqual(config.severity, { 'print-call': 'error', 'bare-except': 'off' });
    assert.deepEqual(config.approvedDeviations, { mongoengine: 'ADR-012, audit store, approved 2026-01-10' });
    assert.deepEqual(config.minimumVersions, { fastapi: '0.110' });
    assert.deepEqual(config.python, { min: '3.11', max: '3.12' });
    assert.equal(config.root, '/project');
    assert.equal(config.configFile, '/project/pyproject.toml');
  });

  it('accepts dotted keys and inline tables', () => {
    const { config, problems } = parse(`
[tool]
stacklint.disable = ["print-call"]
stacklint.severity = { bare-except = "hint", "naive-datetime" = "error" }
`);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.disable, ['print-call']);
    assert.deepEqual(config.severity, { 'bare-except': 'hint', 'naive-datetime': 'error' });
  });

  it('a pyproject.toml without the table keeps the defaults and says so', () => {
    const { config, problems, hasTable } = parse('[project]\nname = "x"\n');
    assert.equal(hasTable, false);
    assert.deepEqual(problems, []);
    assert.deepEqual({ ...config, configFile: undefined }, { ...defaultConfig('/project'), configFile: undefined });
  });

  it('reports each bad value at its key, as an error, and keeps the good parts', () => {
    const text = `[tool.stacklint]
disable = ["print-call", "no-such-rule"]
tests = "tests/**"
colour = "blue"

[tool.stacklint.severity]
print-call = "loud"
bare-except = "hint"
made-up = "error"

[tool.stacklint.approved-deviations]
mongoengine = ""

[tool.stacklint.minimum-versions]
fastapi = "0.100"
sqlalchemy = "not a version"
pydantic = "2.6"

[tool.stacklint.per-file-ignores]
"scripts/*.py" = ["print-call", "typo-rule"]
`;
    const { config, problems } = parse(text);
    assert.deepEqual(where(problems), [
      '2:26 invalid-configuration error',
      '3:1 invalid-configuration error',
      '4:1 invalid-configuration error',
      '7:1 invalid-configuration error',
      '9:1 invalid-configuration error',
      '12:1 invalid-configuration error',
      '15:1 invalid-configuration error',
      '16:1 invalid-configuration error',
      '20:33 invalid-configuration error',
    ]);
    assert.match(problems[0].message, /unknown rule `no-such-rule`/);
    assert.match(problems[1].message, /`tests` must be an array of strings/);
    assert.match(problems[2].message, /unknown key `colour`/);
    assert.match(problems[3].message, /severity of `print-call` must be one of error, warning, information, hint, off/);
    assert.match(problems[5].message, /needs its reason/);
    assert.match(problems[6].message, /below the stack's 0\.104\.0 \(§2\.1\).*never lower/);
    // Defaults for the bad parts, the rest as written.
    assert.deepEqual(config.disable, ['print-call']);
    assert.deepEqual(config.tests, defaultConfig('/').tests);
    assert.deepEqual(config.severity, { 'bare-except': 'hint' });
    assert.deepEqual(config.approvedDeviations, {});
    assert.deepEqual(config.minimumVersions, { pydantic: '2.6' });
    assert.deepEqual(config.perFileIgnores, { 'scripts/*.py': ['print-call'] });
  });

  it('reads [tool.stacklint.bare-except] allow-reraise, and reports a bad value or key', () => {
    assert.deepEqual(parse('[tool.stacklint.bare-except]\nallow-reraise = false\n').config.bareExcept, { allowReraise: false });
    assert.deepEqual(defaultConfig('/').bareExcept, { allowReraise: true });
    const { config, problems } = parse('[tool.stacklint.bare-except]\nallow-reraise = "no"\nstrict = true\n');
    assert.deepEqual(where(problems), ['2:1 invalid-configuration error', '3:1 invalid-configuration error']);
    assert.match(problems[0].message, /allow-reraise must be true or false/);
    assert.match(problems[1].message, /unknown key `strict` in \[tool\.stacklint\.bare-except\]/);
    assert.deepEqual(config.bareExcept, { allowReraise: true });
  });

  it('reports a table of the wrong type and a python range that is upside down', () => {
    const { config, problems } = parse('[tool.stacklint]\nseverity = "error"\npython = { min = "3.12", max = "3.10" }\n');
    assert.deepEqual(where(problems), ['2:1 invalid-configuration error', '3:1 invalid-configuration error']);
    assert.match(problems[0].message, /\[tool\.stacklint\.severity\] must be a table, not a string/);
    assert.match(problems[1].message, /python\.min 3\.12 is above python\.max 3\.10/);
    assert.deepEqual(pythonRange(config), { min: '3.10', max: '3.12', section: '§5' });
    // Only a minimum, above the policy's maximum: the same problem, and the policy's range applies.
    const alone = parse('[tool.stacklint]\npython = { min = "3.13" }\n');
    assert.match(alone.problems[0].message, /python\.min 3\.13 is above python\.max 3\.12/);
    assert.deepEqual(pythonRange(alone.config), { min: '3.10', max: '3.12', section: '§5' });
  });

  it('never throws on broken TOML: defaults apply, and the syntax error is reported once', () => {
    // In pyproject.toml the dependency rules report the syntax error; a --config file reports it itself.
    const broken = '[project]\nname = "x"\n[tool.stacklint\ndisable = [\n';
    const pyproject = parse(broken);
    assert.ok(pyproject.unparsable);
    assert.deepEqual(pyproject.problems, []);
    assert.deepEqual(pyproject.config.disable, []);
    const other = parse(broken, 'stacklint.toml');
    assert.deepEqual(where(other.problems), ['3:16 invalid-configuration error']);
  });

  it('survives hostile input', () => {
    for (const text of ['\u0000\u0001binary', 'tool = 1', '[tool]\nstacklint = 5', '[tool.stacklint]\ndisable = [1, {a = 1}, "print-call"]', 'x'.repeat(200_000)]) {
      const { config } = parse(text);
      assert.ok(Array.isArray(config.disable));
    }
    assert.deepEqual(parse('[tool.stacklint]\ndisable = [1, "print-call"]').config.disable, ['print-call']);
  });

  it('reads a --config file that is not a pyproject.toml from its top level, like ruff.toml', () => {
    const { config, problems } = parse('disable = ["print-call"]\n', 'stacklint.toml');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.disable, ['print-call']);
  });

  it('lets editor severity settings win over the project file', () => {
    const { config } = parse('[tool.stacklint.severity]\nprint-call = "error"\nbare-except = "hint"\n');
    const merged = withEditorSeverity(config, { 'print-call': 'off' });
    assert.deepEqual(merged.severity, { 'print-call': 'off', 'bare-except': 'hint' });
    assert.deepEqual(config.severity['print-call'], 'error');
  });
});

describe('ConfigCache', () => {
  const temp = useTempDir('config');
  const write = temp.write;

  it('uses the nearest pyproject.toml with [tool.stacklint], passing over one without it', () => {
    write('pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\n');
    write('services/api/pyproject.toml', '[project]\nname = "api"\n');
    write('services/worker/pyproject.toml', '[tool.stacklint]\ndisable = ["bare-except"]\n');
    const cache = new ConfigCache(temp.path);
    const api = cache.forFile(join(temp.path, 'services/api/app/main.py')).config;
    assert.deepEqual(api.disable, ['print-call']);
    assert.equal(api.root, temp.path);
    const worker = cache.forFile(join(temp.path, 'services/worker/main.py')).config;
    assert.deepEqual(worker.disable, ['bare-except']);
    assert.equal(worker.root, join(temp.path, 'services/worker'));
  });

  it('falls back to defaults rooted at the workspace without any pyproject.toml', () => {
    const cache = new ConfigCache(temp.path, undefined, { stopAt: temp.path });
    const { config, problems } = cache.forFile(join(temp.path, 'a/b.py'));
    assert.equal(config.root, temp.path);
    assert.equal(config.configFile, undefined);
    assert.deepEqual(problems, []);
  });

  it('reads each pyproject.toml once for a run of 2,000 files, and again after clear()', () => {
    write('pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\n');
    write('pkg/pyproject.toml', '[project]\nname = "pkg"\n');
    const cache = new ConfigCache(temp.path);
    for (let i = 0; i < 2000; i++) {
      const config = cache.forFile(join(temp.path, i % 2 ? 'pkg' : 'app', `m${i % 40}`, `f${i}.py`)).config;
      assert.deepEqual(config.disable, ['print-call']);
    }
    assert.equal(cache.reads, 2);
    write('pyproject.toml', '[tool.stacklint]\ndisable = ["bare-except"]\n');
    assert.deepEqual(cache.forFile(join(temp.path, 'app/x.py')).config.disable, ['print-call']);
    cache.clear();
    assert.deepEqual(cache.forFile(join(temp.path, 'app/x.py')).config.disable, ['bare-except']);
    assert.equal(cache.reads, 3);
  });

  it('reports the problems of a pyproject.toml with the file they belong to', () => {
    const pyproject = write('pyproject.toml', '[tool.stacklint]\ndisable = "print-call"\n');
    const { config, problems } = new ConfigCache(temp.path).forFile(join(temp.path, 'app.py'));
    assert.deepEqual(config.disable, []);
    assert.deepEqual(problems.map((p) => [p.file, p.finding.range.start.line, p.finding.rule]), [[pyproject, 1, 'invalid-configuration']]);
    assert.equal(new ConfigCache(temp.path).problemsFor(pyproject).length, 1);
  });

  it('prefers the text of an open editor buffer over the disk', () => {
    const pyproject = write('pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\n');
    const cache = new ConfigCache(temp.path, undefined, { readText: (path) => (path === pyproject ? '[tool.stacklint]\ndisable = []\n' : undefined) });
    assert.deepEqual(cache.forFile(join(temp.path, 'a.py')).config.disable, []);
    assert.equal(cache.reads, 0);
  });

  it('an explicit --config applies to every file, and a missing or broken one is a ConfigError', () => {
    const explicit = write('ci/strict.toml', '[tool.stacklint]\ndisable = ["bare-except"]\n');
    write('pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\n');
    const cache = new ConfigCache(temp.path, explicit);
    cache.check();
    const { config } = cache.forFile(join(temp.path, 'deep/er/x.py'));
    assert.deepEqual(config.disable, ['bare-except']);
    assert.equal(config.root, join(temp.path, 'ci'));
    assert.throws(() => new ConfigCache(temp.path, join(temp.path, 'missing.toml')).check(), (e) => e instanceof ConfigError && /not found/.test(e.message));
    const broken = write('broken.toml', 'disable = [\n');
    assert.throws(() => new ConfigCache(temp.path, broken).check(), (e) => e instanceof ConfigError && /cannot parse/.test(e.message));
    const invalid = write('invalid.toml', 'disable = ["nope"]\n');
    assert.throws(() => new ConfigCache(temp.path, invalid).check(), (e) => e instanceof ConfigError && /invalid\.toml:1: .*unknown rule `nope`/.test(e.message));
  });
});
