// What each standard package pulls in, from the packages' published metadata
// (Requires-Dist). A package's own requirements are listed under its name and
// those of each optional extra under `name[extra]`, so plain `fastapi` does
// not pull in what only `fastapi[all]` installs (orjson, ujson, ...). An
// entry may name an extra of its own (`uvicorn[standard]`). The closure of
// the standard packages, with the extras the stack uses (STACK_EXTRAS), is
// the `transitive` status, so a pinned `pip freeze` of an on-stack service
// stays quiet.

/** The extras the stack installs its standard packages with. */
export const STACK_EXTRAS: Readonly<Record<string, readonly string[]>> = {
  fastapi: ['standard'],
  uvicorn: ['standard'],
  celery: ['redis'],
  'python-jose': ['cryptography'],
};

export const DEPENDENCY_GRAPH: Readonly<Record<string, readonly string[]>> = {
  // §2.1 FastAPI and its extras.
  fastapi: ['starlette', 'pydantic', 'typing-extensions', 'annotated-doc'],
  'fastapi[standard]': ['fastapi-cli[standard]', 'httpx', 'jinja2', 'python-multipart', 'email-validator', 'uvicorn[standard]'],
  'fastapi[standard-no-fastapi-cloud-cli]': ['fastapi-cli[standard-no-fastapi-cloud-cli]', 'httpx', 'jinja2', 'python-multipart', 'email-validator', 'uvicorn[standard]'],
  'fastapi[all]': [
    'fastapi-cli[standard]', 'httpx', 'jinja2', 'python-multipart', 'itsdangerous', 'pyyaml', 'ujson', 'orjson', 'email-validator',
    'uvicorn[standard]', 'pydantic-settings', 'pydantic-extra-types',
  ],
  starlette: ['anyio', 'typing-extensions'],
  'starlette[full]': ['itsdangerous', 'jinja2', 'python-multipart', 'pyyaml', 'httpx'],
  'fastapi-cli': ['typer', 'uvicorn[standard]', 'rich-toolkit'],
  'fastapi-cli[standard]': ['fastapi-cloud-cli', 'uvicorn[standard]'],
  'fastapi-cli[standard-no-fastapi-cloud-cli]': ['uvicorn[standard]'],
  'fastapi-cloud-cli': ['typer', 'uvicorn[standard]', 'rich-toolkit', 'rignore', 'httpx', 'pydantic', 'sentry-sdk', 'fastar'],
  'sentry-sdk': ['certifi', 'urllib3'],
  typer: ['click', 'typing-extensions', 'shellingham', 'rich'],
  'rich-toolkit': ['click', 'rich', 'typing-extensions'],
  rich: ['markdown-it-py', 'pygments'],
  'markdown-it-py': ['mdurl'],
  'email-validator': ['dnspython', 'idna'],
  jinja2: ['markupsafe'],
  'pydantic-extra-types': ['pydantic', 'typing-extensions'],
  anyio: ['idna', 'sniffio', 'exceptiongroup', 'typing-extensions'],
  // §2.8 Uvicorn[standard] and Gunicorn.
  uvicorn: ['click', 'h11', 'typing-extensions'],
  'uvicorn[standard]': ['colorama', 'httptools', 'python-dotenv', 'pyyaml', 'uvloop', 'watchfiles', 'websockets'],
  watchfiles: ['anyio'],
  gunicorn: ['packaging', 'setuptools', 'importlib-metadata'],
  // §2.2 and §2.3 database layer.
  sqlalchemy: ['greenlet', 'typing-extensions'],
  'sqlalchemy[asyncio]': ['greenlet'],
  'sqlalchemy[postgresql-asyncpg]': ['greenlet', 'asyncpg'],
  'sqlalchemy[postgresql-psycopg2binary]': ['psycopg2-binary'],
  'sqlalchemy[postgresql]': ['psycopg2'],
  alembic: ['sqlalchemy', 'mako', 'typing-extensions', 'tomli', 'importlib-metadata', 'importlib-resources'],
  mako: ['markupsafe'],
  asyncpg: ['async-timeout'],
  psycopg2: [],
  'psycopg2-binary': [],
  // §2.4 Pydantic.
  pydantic: ['annotated-types', 'pydantic-core', 'typing-extensions', 'typing-inspection'],
  'pydantic[email]': ['email-validator'],
  'pydantic[timezone]': ['tzdata'],
  'pydantic-core': ['typing-extensions'],
  'typing-inspection': ['typing-extensions'],
  'pydantic-settings': ['pydantic', 'python-dotenv', 'typing-inspection'],
  // §2.5 HTTP clients.
  httpx: ['anyio', 'certifi', 'httpcore', 'idna', 'sniffio'],
  'httpx[http2]': ['h2'],
  'httpx[brotli]': ['brotli', 'brotlicffi'],
  'httpx[socks]': ['socksio'],
  'httpx[cli]': ['click', 'rich', 'pygments'],
  'httpx[zstd]': ['zstandard'],
  httpcore: ['certifi', 'h11'],
  'httpcore[http2]': ['h2'],
  'httpcore[asyncio]': ['anyio'],
  'httpcore[socks]': ['socksio'],
  h2: ['hpack', 'hyperframe'],
  requests: ['charset-normalizer', 'idna', 'urllib3', 'certifi'],
  'requests[socks]': ['pysocks'],
  // §2.6 testing.
  pytest: ['iniconfig', 'packaging', 'pluggy', 'pygments', 'exceptiongroup', 'tomli', 'colorama'],
  coverage: [],
  'coverage[toml]': ['tomli'],
  'pytest-cov': ['pytest', 'coverage[toml]', 'pluggy'],
  // §3 supporting libraries.
  'python-dotenv': [],
  'python-dateutil': ['six'],
  structlog: ['typing-extensions'],
  cryptography: ['cffi', 'typing-extensions'],
  cffi: ['pycparser'],
  'python-jose': ['ecdsa', 'rsa', 'pyasn1'],
  'python-jose[cryptography]': ['cryptography'],
  ecdsa: ['six'],
  rsa: ['pyasn1'],
  pyjwt: [],
  'pyjwt[crypto]': ['cryptography'],
  celery: ['billiard', 'kombu', 'vine', 'click', 'click-didyoumean', 'click-repl', 'click-plugins', 'python-dateutil', 'tzdata'],
  'celery[redis]': ['kombu[redis]'],
  kombu: ['amqp', 'vine', 'tzdata', 'packaging'],
  'kombu[redis]': ['redis'],
  amqp: ['vine'],
  'click-repl': ['click', 'prompt-toolkit'],
  'click-didyoumean': ['click'],
  'click-plugins': ['click'],
  'prompt-toolkit': ['wcwidth'],
  redis: ['async-timeout'],
  'redis[hiredis]': ['hiredis'],
  rq: ['click', 'redis', 'croniter'],
  croniter: ['python-dateutil', 'pytz'],
  // §4 development tools.
  black: ['click', 'mypy-extensions', 'packaging', 'pathspec', 'platformdirs', 'tomli', 'typing-extensions', 'pytokens'],
  ruff: [],
  flake8: ['mccabe', 'pycodestyle', 'pyflakes'],
  mypy: ['mypy-extensions', 'typing-extensions', 'tomli', 'pathspec', 'librt'],
  poetry: [
    'build', 'cachecontrol', 'cleo', 'dulwich', 'fastjsonschema', 'findpython', 'installer', 'keyring', 'packaging',
    'pbs-installer', 'pkginfo', 'platformdirs', 'poetry-core', 'pyproject-hooks', 'requests', 'requests-toolbelt',
    'shellingham', 'tomlkit', 'trove-classifiers', 'virtualenv', 'xattr', 'tomli', 'importlib-metadata',
  ],
  build: ['packaging', 'pyproject-hooks', 'colorama', 'tomli', 'importlib-metadata'],
  cachecontrol: ['msgpack', 'requests', 'filelock'],
  cleo: ['crashtest', 'rapidfuzz'],
  dulwich: ['urllib3'],
  findpython: ['packaging'],
  'pbs-installer': ['httpx', 'zstandard'],
  keyring: ['jaraco-classes', 'jaraco-functools', 'jaraco-context', 'importlib-metadata', 'secretstorage', 'jeepney', 'pywin32-ctypes'],
  'jaraco-classes': ['more-itertools'],
  'jaraco-functools': ['more-itertools'],
  'jaraco-context': ['backports-tarfile'],
  secretstorage: ['cryptography', 'jeepney'],
  'importlib-metadata': ['zipp'],
  'requests-toolbelt': ['requests'],
  virtualenv: ['distlib', 'filelock', 'platformdirs'],
  xattr: ['cffi'],
};

/**
 * Installed in every virtual environment, so a `pip freeze --all` lists them;
 * they are packaging tools, not choices of the service.
 */
export const ENVIRONMENT_PACKAGES: readonly string[] = ['pip', 'setuptools', 'wheel', 'distribute'];
