import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/core/config';
import { completions, documentLinks, hover } from '../../../server/src/lsp/dependencyFeatures';
import { parsePyproject, parseRequirements, slice } from './helpers';

describe('dependency editor features', () => {
  const config = { ...defaultConfig('/p'), approvedDeviations: { mongoengine: 'ADR-012, audit store' }, extendAllow: ['sentry-sdk'] };

  it('hovers a requirement with status, section, replacement and approval', () => {
    const file = parseRequirements('fastapi==0.104.0\nFlask_SQLAlchemy==3.0\nmongoengine==0.27\nstarlette==0.27.0\nzzz-unknown\n');
    assert.equal(hover(file, { line: 0, character: 3 }, config),
      '**fastapi**: part of the standard stack (§2.1)\n- the backend framework\n- minimum version: 0.104.0 (§2.1)\n- reference pin: `fastapi==0.104.0` (§4.4)');
    assert.equal(hover(file, { line: 1, character: 20 }, config), '**flask-sqlalchemy**: banned by the standard (§2.1)\n- a Flask extension\n- use instead: `sqlalchemy`');
    assert.match(hover(file, { line: 2, character: 0 }, config) ?? '', /banned by the standard \(§2\.2\)[\s\S]*- approved deviation: ADR-012, audit store/);
    assert.equal(hover(file, { line: 3, character: 2 }, config), '**starlette**: allowed: pulled in by the standard stack (§2.1)\n- a dependency of fastapi');
    assert.match(hover(file, { line: 4, character: 2 }, config) ?? '', /not in the standard stack \(needs architectural approval\) \(§1, §9\)/);
    assert.equal(hover(file, { line: 5, character: 0 }, config), undefined);
  });

  it('hovers requirements inside pyproject.toml strings', () => {
    const file = parsePyproject('[project]\ndependencies = ["aiohttp>=3"]\n');
    assert.match(hover(file, { line: 1, character: 19 }, config) ?? '', /^\*\*aiohttp\*\*: discouraged[\s\S]*use instead: `httpx`/);
    assert.equal(hover(file, { line: 0, character: 2 }, config), undefined);
  });

  it('completes standard package names with reference versions, skipping ones already listed', () => {
    const file = parseRequirements('fastapi==0.104.0\nun\n');
    const items = completions(file, { line: 1, character: 2 }, config);
    assert.deepEqual(items.find((item) => item.label === 'uvicorn'), { label: 'uvicorn', detail: 'the ASGI server (§2.8), reference 0.24.0', insertText: 'uvicorn==0.24.0' });
    assert.deepEqual(items.find((item) => item.label === 'ruff'), { label: 'ruff', detail: 'linting (§4.2)', insertText: 'ruff' });
    assert.ok(items.some((item) => item.label === 'sentry-sdk'));
    assert.ok(!items.some((item) => item.label === 'fastapi'));
    assert.deepEqual(completions(file, { line: 0, character: 10 }, config), [], 'no names after a specifier');
  });

  it('completes Poetry keys and dependency strings in pyproject.toml', () => {
    const file = parsePyproject('[tool.poetry.dependencies]\nhtt\n[project]\ndependencies = ["py"]\n');
    assert.equal(completions(file, { line: 1, character: 3 }, config).find((item) => item.label === 'httpx')?.insertText, 'httpx = "0.25.0"');
    assert.equal(completions(file, { line: 3, character: 19 }, config).find((item) => item.label === 'pydantic')?.insertText, 'pydantic==2.5.0');
  });

  it('links -r and -c paths relative to the including file', () => {
    const file = parseRequirements('-r base.txt\n-c ../constraints.txt\n-rdev.txt\nfastapi==0.104.0\n', '/proj/requirements/prod.txt');
    assert.deepEqual(documentLinks(file).map((link) => [slice(file, link.range), link.target]), [
      ['base.txt', '/proj/requirements/base.txt'], ['../constraints.txt', '/proj/constraints.txt'], ['dev.txt', '/proj/requirements/dev.txt'],
    ]);
  });
});
