// The default policy, as data: exactly the table of rules.md "The default
// policy". Each row names a package (PEP 503 normalized), its status, the
// section of TECH_STACK.md that decides it, and its stack replacement.

export type PolicyStatus = 'standard' | 'transitive' | 'banned' | 'discouraged' | 'unknown';

export interface PolicyRow {
  name: string;
  status: 'standard' | 'banned' | 'discouraged';
  section: string;
  /** What the standard wants instead, for messages and hovers. */
  replacement?: string;
  /** The one package a "replace" fix puts in; absent when the replacement is not a single package. */
  replaceWith?: string;
  /** The replacement is the standard library, so the fix removes the requirement. */
  removeLine?: boolean;
  reason?: string;
}

const standard = (name: string, section: string, reason: string): PolicyRow => ({ name, status: 'standard', section, reason });

export const STANDARD_ROWS: readonly PolicyRow[] = [
  standard('fastapi', '§2.1', 'the backend framework'),
  standard('uvicorn', '§2.8', 'the ASGI server'),
  standard('gunicorn', '§2.8', 'the process manager for Uvicorn workers under high load'),
  standard('sqlalchemy', '§2.3', 'the ORM'),
  standard('alembic', '§2.3', 'migrations for SQLAlchemy'),
  standard('psycopg2', '§2.2', 'the PostgreSQL driver'),
  standard('psycopg2-binary', '§2.2', 'the PostgreSQL driver'),
  standard('asyncpg', '§2.2', 'the async PostgreSQL driver'),
  standard('pydantic', '§2.4', 'validation and serialization'),
  standard('pydantic-settings', '§6.1', 'configuration management'),
  standard('httpx', '§2.5', 'the HTTP client'),
  standard('requests', '§2.5', 'the HTTP client for simple sync scripts'),
  standard('pytest', '§2.6', 'the test framework'),
  standard('pytest-cov', '§2.6', 'test coverage'),
  standard('python-dotenv', '§3.1', 'environment variables'),
  standard('python-dateutil', '§3.2', 'date and time helpers'),
  standard('structlog', '§3.4', 'structured logging'),
  standard('cryptography', '§3.5', 'cryptography'),
  standard('python-jose', '§3.5', 'JWT'),
  standard('pyjwt', '§3.5', 'JWT'),
  standard('celery', '§3.6', 'the task queue'),
  standard('redis', '§3.6', 'the task queue broker'),
  standard('rq', '§3.6', 'the simpler Redis-only task queue'),
  standard('black', '§4.1', 'code formatting'),
  standard('ruff', '§4.2', 'linting'),
  standard('flake8', '§4.2', 'linting, if the team prefers it'),
  standard('mypy', '§4.3', 'type checking'),
  standard('poetry', '§4.4', 'dependency management for complex projects'),
];

const banned = (name: string, section: string, replacement: string, extra: Partial<PolicyRow> = {}): PolicyRow => ({
  name,
  status: 'banned',
  section,
  replacement,
  ...extra,
});

export const BANNED_ROWS: readonly PolicyRow[] = [
  banned('flask', '§2.1', 'fastapi', { replaceWith: 'fastapi', reason: 'Flask is legacy' }),
  banned('flask-sqlalchemy', '§2.1', 'sqlalchemy', { replaceWith: 'sqlalchemy', reason: 'a Flask extension' }),
  banned('django', '§2.1', 'fastapi', { replaceWith: 'fastapi', reason: 'Django is too heavy for microservices' }),
  banned('pytz', '§3.2', 'zoneinfo (standard library)', { removeLine: true, reason: 'pytz is outdated' }),
  banned('pymongo', '§2.2', 'JSONB in PostgreSQL', { reason: "don't add MongoDB" }),
  banned('motor', '§2.2', 'JSONB in PostgreSQL', { reason: "don't add MongoDB" }),
  banned('mongoengine', '§2.2', 'JSONB in PostgreSQL', { reason: "don't add MongoDB" }),
  banned('marshmallow', '§2.4', 'pydantic', { replaceWith: 'pydantic', reason: 'always use Pydantic for validation' }),
  banned('cerberus', '§2.4', 'pydantic', { replaceWith: 'pydantic', reason: 'always use Pydantic for validation' }),
  banned('voluptuous', '§2.4', 'pydantic', { replaceWith: 'pydantic', reason: 'always use Pydantic for validation' }),
  banned('schematics', '§2.4', 'pydantic', { replaceWith: 'pydantic', reason: 'always use Pydantic for validation' }),
  banned('colander', '§2.4', 'pydantic', { replaceWith: 'pydantic', reason: 'always use Pydantic for validation' }),
  banned('trafaret', '§2.4', 'pydantic', { replaceWith: 'pydantic', reason: 'always use Pydantic for validation' }),
  banned('urllib3', '§2.5', 'httpx', { replaceWith: 'httpx', reason: 'urllib is too low-level' }),
];

const discouraged = (names: string[], section: string, replacement: string, replaceWith?: string, removeLine?: boolean): PolicyRow[] =>
  names.map((name) => ({ name, status: 'discouraged', section, replacement, replaceWith, removeLine }));

export const DISCOURAGED_ROWS: readonly PolicyRow[] = [
  ...discouraged(['aiohttp'], '§2.5', 'httpx', 'httpx'),
  ...discouraged(['tornado', 'sanic', 'bottle', 'falcon', 'pyramid', 'quart'], '§2.1', 'fastapi', 'fastapi'),
  ...discouraged(['peewee', 'tortoise-orm', 'pony'], '§2.3', 'sqlalchemy', 'sqlalchemy'),
  ...discouraged(['pymysql', 'mysqlclient', 'mysql-connector-python'], '§2.2', 'psycopg2-binary', 'psycopg2-binary'),
  ...discouraged(['hypercorn', 'daphne', 'waitress'], '§2.8', 'uvicorn', 'uvicorn'),
  ...discouraged(['nose', 'nose2'], '§2.6', 'pytest', 'pytest'),
  ...discouraged(['yapf', 'autopep8'], '§4.1', 'black', 'black'),
  ...discouraged(['pylint'], '§4.2', 'ruff', 'ruff'),
  ...discouraged(['pyright'], '§4.3', 'mypy', 'mypy'),
  ...discouraged(['arrow', 'pendulum'], '§3.2', 'datetime + python-dateutil', 'python-dateutil'),
  ...discouraged(['loguru'], '§3.4', 'logging/structlog', 'structlog'),
  ...discouraged(['pycrypto', 'pycryptodome'], '§3.5', 'cryptography', 'cryptography'),
  ...discouraged(['authlib'], '§3.5', 'python-jose or pyjwt', 'pyjwt'),
  ...discouraged(['simplejson', 'ujson', 'orjson'], '§3.3', 'json + pydantic', undefined, true),
  ...discouraged(['dramatiq', 'huey', 'arq'], '§3.6', 'celery or rq', 'celery'),
  ...discouraged(['python-decouple', 'environs'], '§6.1', 'pydantic-settings', 'pydantic-settings'),
  ...discouraged(['psycopg'], '§2.2', 'psycopg2-binary or asyncpg', 'psycopg2-binary'),
];

/** Packages whose names start with a banned framework's prefix are that framework's extensions. */
export const BANNED_PREFIXES: readonly { prefix: string; section: string; replacement: string }[] = [
  { prefix: 'flask-', section: '§2.1', replacement: 'fastapi' },
  { prefix: 'django-', section: '§2.1', replacement: 'fastapi' },
  { prefix: 'djangorestframework', section: '§2.1', replacement: 'fastapi' },
];

/** Minimum versions of the standard (§2.1, §2.3, §2.4). */
export const STACK_MINIMUMS: Readonly<Record<string, { version: string; section: string }>> = {
  fastapi: { version: '0.104.0', section: '§2.1' },
  sqlalchemy: { version: '2.0', section: '§2.3' },
  pydantic: { version: '2.0', section: '§2.4' },
};

/** §4.4's requirements.txt: the versions a quick fix proposes. */
export const REFERENCE_PINS: Readonly<Record<string, string>> = {
  fastapi: '0.104.0',
  uvicorn: '0.24.0',
  sqlalchemy: '2.0.23',
  'psycopg2-binary': '2.9.9',
  pydantic: '2.5.0',
  'python-dotenv': '1.0.0',
  httpx: '0.25.0',
  pytest: '7.4.3',
  'pytest-cov': '4.1.0',
};

/** Development tools that belong in requirements-dev.txt (§4.4 split files). */
export const DEV_TOOLS: readonly string[] = [
  'pytest', 'coverage', 'black', 'ruff', 'flake8', 'mypy', 'isort', 'pre-commit', 'pylint', 'pyright',
  'yapf', 'autopep8', 'tox', 'nox', 'ipython', 'ipdb', 'pdbpp', 'hypothesis', 'factory-boy', 'faker',
  'freezegun', 'responses', 'respx', 'bandit', 'safety', 'pip-tools', 'pip-audit', 'debugpy', 'nose', 'nose2',
  'time-machine', 'pyfakefs', 'testcontainers', 'codespell', 'pydocstyle', 'pycodestyle', 'pyflakes',
];

/** Name prefixes and suffixes of development-only packages (pytest plugins, flake8 plugins, type stubs). */
export const DEV_TOOL_PREFIXES: readonly string[] = ['pytest-', 'flake8-', 'types-', 'mypy-boto3'];
export const DEV_TOOL_SUFFIXES: readonly string[] = ['-stubs'];
