import * as assert from 'node:assert/strict';
import type { DependencyFile } from '../../../server/src/dependencies/model';
import { parsePyproject, slice } from './helpers';

describe('pyproject.toml parser (case 25)', () => {
  /** Each requirement as [section, group, name, clauses, specifier as written, production]. */
  const describeAll = (file: DependencyFile) =>
    file.requirements.map((r) => [r.section, r.group ?? '', slice(file, r.nameRange), r.clauses.map((c) => c.operator + c.version).join(','), slice(file, r.specifierRange) ?? '', r.production]);
  /** Parses a file that must have no problems. */
  const parseClean = (text: string) => {
    const file = parsePyproject(text);
    assert.deepEqual(file.problems, []);
    return file;
  };

  it('[project] dependencies on one line and on many, with ranges inside the strings', () => {
    const file = parseClean('[project]\nname = "svc"\nrequires-python = ">=3.10"\ndependencies = ["fastapi>=0.104", "pydantic[email]==2.5.0 ; python_version >= \'3.10\'"]\n\n[project.optional-dependencies]\ndev = [\n  "pytest==7.4.3",  # tests\n  \'ruff\',\n]\n');
    assert.deepEqual(describeAll(file), [
      ['project', '', 'fastapi', '>=0.104', '>=0.104', true],
      ['project', '', 'pydantic', '==2.5.0', '==2.5.0', true],
      ['optional-dependencies', 'dev', 'pytest', '==7.4.3', '==7.4.3', false],
      ['optional-dependencies', 'dev', 'ruff', '', '', false],
    ]);
    assert.equal(slice(file, file.pythons[0]?.range), '>=3.10');
    assert.deepEqual(file.requirements[2].nameRange.start, { line: 7, character: 3 });
  });

  it('[dependency-groups] with include-group', () => {
    const text = '[dependency-groups]\ntest = ["pytest>=7", "coverage"]\nlint = ["ruff"]\ndev = [{include-group = "test"}, {include-group = "lint"}, "mypy"]\nbad = [{include-group = "nope"}]\n';
    const file = parsePyproject(text);
    assert.deepEqual(describeAll(file).map((r) => [r[1], r[2]]), [['test', 'pytest'], ['test', 'coverage'], ['lint', 'ruff'], ['dev', 'mypy']]);
    assert.deepEqual(file.problems.map((p) => [p.message, slice(file, p.range)]), [['include-group "nope" names no group in [dependency-groups]', '{']]);
  });

  it('Poetry tables: strings, ^ and ~, tables with version/git/extras, groups, dev-dependencies, python', () => {
    const file = parseClean([
      '[tool.poetry.dependencies]', 'python = "^3.8"', 'httpx = "0.28.1"', 'pydantic = "^1.10"', 'sqlalchemy = { version = "~1.4", extras = ["asyncio"] }',
      'mylib = { git = "https://github.com/x/mylib.git", tag = "v1" }', '', '[tool.poetry.group.test.dependencies]', 'pytest = "^7.4"',
      '', '[tool.poetry.dev-dependencies]', 'black = "*"', '', '[tool.poetry.dependencies.celery]', 'version = ">=5.3"', 'extras = ["redis"]', '',
    ].join('\n'));
    assert.deepEqual(describeAll(file), [
      ['poetry', 'main', 'httpx', '==0.28.1', '0.28.1', true],
      ['poetry', 'main', 'pydantic', '>=1.10,<2', '^1.10', true],
      ['poetry', 'main', 'sqlalchemy', '>=1.4,<1.5', '~1.4', true],
      ['poetry', 'main', 'mylib', '', '', true],
      ['poetry', 'main', '[tool.poetry.dependencies.celery]', '>=5.3', '>=5.3', true],
      ['poetry-dev', 'dev', 'black', '', '*', false],
      ['poetry-dev', 'test', 'pytest', '>=7.4,<8', '^7.4', false],
    ]);
    assert.equal(file.requirements[2].extras.join(), 'asyncio');
    assert.equal(file.requirements[3].url, 'https://github.com/x/mylib.git');
    const [python] = file.pythons;
    assert.deepEqual([python?.text, python?.poetry, python?.clauses.map((c) => c.operator + c.version).join()], ['^3.8', true, '>=3.8,<4']);
  });

  it('reports invalid requirement strings inside the string', () => {
    const file = parsePyproject('[project]\ndependencies = ["ok", "bad name==1"]\n');
    assert.deepEqual(file.problems.map((p) => [p.message, p.range.start]), [["Invalid requirement: 'bad name==1': Expected end or semicolon (after name and no valid version specifier)", { line: 1, character: 27 }]]);
  });

  it('reports malformed TOML once, at the error, and never throws', () => {
    const file = parsePyproject('[project]\ndependencies = ["a",\n x = 1\n');
    assert.equal(file.problems.length, 1);
    assert.match(file.problems[0].message, /^pyproject.toml is not valid TOML/);
    assert.deepEqual(file.problems[0].range.start, { line: 2, character: 1 });
    assert.doesNotThrow(() => parsePyproject('\u0000\uffff[[[[ """ \\'));
  });

  it('locates strings with escapes and multi-line strings without losing its place', () => {
    const text = '[tool.x]\ns = """\n[project]\ndependencies = ["fake"]\n"""\n[project]\ndependencies = ["a\\u0062c", "fastapi"]\n';
    const file = parsePyproject(text);
    assert.deepEqual(file.requirements.map((r) => [r.name, slice(file, r.nameRange)]), [['abc', 'a\\u0062c'], ['fastapi', 'fastapi']]);
  });
});
