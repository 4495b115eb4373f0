import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/core/config';
import { classify, closureOf, isDevTool, minimumVersion, normalizeName, pulledInBy, referencePin, requirementKey } from '../../../server/src/policy/policy';

describe('policy', () => {
  const config = defaultConfig('/project');

  it('normalizes names as PEP 503 does', () => {
    assert.equal(normalizeName('Flask_SQLAlchemy'), 'flask-sqlalchemy');
    assert.equal(normalizeName('PyTZ'), 'pytz');
    assert.equal(normalizeName('zope.interface__x'), 'zope-interface-x');
  });

  it('classifies each status with its section', () => {
    assert.deepEqual(
      [classify('FastAPI', config), classify('flask', config), classify('aiohttp', config)].map((s) => [s.status, s.section, s.replacement]),
      [['standard', '§2.1', undefined], ['banned', '§2.1', 'fastapi'], ['discouraged', '§2.5', 'httpx']],
    );
    assert.equal(classify('Flask_SQLAlchemy', config).status, 'banned');
    assert.equal(classify('pytz', config).removeLine, true);
    assert.equal(classify('left-pad-py', config).status, 'unknown');
  });

  it('knows the transitive closure of the standard packages', () => {
    for (const name of ['starlette', 'anyio', 'sniffio', 'h11', 'httpcore', 'idna', 'certifi', 'click', 'typing_extensions', 'annotated-types', 'pydantic-core', 'greenlet', 'httptools', 'uvloop', 'watchfiles', 'websockets', 'kombu', 'billiard', 'vine', 'amqp', 'pycparser', 'pyasn1', 'pluggy', 'iniconfig', 'mccabe', 'mypy-extensions']) {
      assert.equal(classify(name, config).status, 'transitive', name);
    }
    assert.equal(classify('starlette', config).via, 'fastapi');
    assert.equal(classify('pycparser', config).via, 'cryptography');
  });

  it('finds the standard package that pulls a banned one in', () => {
    assert.equal(pulledInBy('urllib3', ['httpx', 'requests'], config), 'requests');
    assert.equal(pulledInBy('urllib3', ['httpx', 'pydantic'], config), undefined);
  });

  it('keeps extras apart: a package pulls in only what the extras it is required with add', () => {
    assert.equal(pulledInBy('orjson', ['fastapi'], config), undefined);
    assert.equal(pulledInBy('orjson', ['fastapi[all]'], config), 'fastapi');
    assert.equal(pulledInBy('uvloop', ['uvicorn'], config), undefined);
    assert.equal(pulledInBy('uvloop', ['uvicorn[standard]'], config), 'uvicorn');
    assert.equal(pulledInBy('redis', ['celery[redis]'], config), 'celery');
    assert.ok(!closureOf('httpx', config).has('h2'));
    assert.ok(closureOf('httpx', config, ['http2']).has('h2'));
    assert.equal(requirementKey('FastAPI', ['Standard', 'all']), 'fastapi[all,standard]');
  });

  it('applies extend-allow and approved deviations from the configuration', () => {
    const custom = { ...defaultConfig('/p'), extendAllow: ['Sentry_SDK'], approvedDeviations: { MongoEngine: 'ADR-012' } };
    assert.equal(classify('sentry-sdk', custom).status, 'standard');
    assert.deepEqual([classify('mongoengine', custom).status, classify('mongoengine', custom).approvedReason], ['banned', 'ADR-012']);
  });

  it('merges minimum versions, raising but never lowering', () => {
    assert.equal(minimumVersion('FastAPI', config)?.version, '0.104.0');
    const custom = { ...defaultConfig('/p'), minimumVersions: { fastapi: '0.110', pydantic: '1.10', httpx: '0.25' } };
    assert.equal(minimumVersion('fastapi', custom)?.version, '0.110');
    assert.equal(minimumVersion('pydantic', custom)?.version, '2.0');
    assert.equal(minimumVersion('httpx', custom)?.version, '0.25');
    assert.equal(referencePin('SQLAlchemy', config), '2.0.23');
  });

  it('recognizes development tools', () => {
    assert.ok(['pytest', 'pytest-asyncio', 'Black', 'types-requests', 'boto3-stubs', 'pre_commit'].every((name) => isDevTool(name, config)));
    assert.ok(!['fastapi', 'pytz', 'typing-extensions'].some((name) => isDevTool(name, config)));
  });
});
