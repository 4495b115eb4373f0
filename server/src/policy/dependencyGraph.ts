// What each standard package pulls in, from the packages' published metadata
// (Requires-Dist, with the extras the stack uses such as uvicorn[standard],
// fastapi[standard], celery[redis], python-jose[cryptography]). Their
// transitive closure is the `transitive` status, so a pinned `pip freeze` of
// an on-stack service stays quiet.

export const DEPENDENCY_GRAPH: Readonly<Record<string, readonly string[]>> = {
  // §2.1 FastAPI and its "standard" extra.
  fastapi: ['starlette', 'pydantic', 'typing-extensions', 'annotated-doc', 'fastapi-cli', 'httpx', 'jinja2', 'python-multipart', 'email-validator', 'uvicorn', 'itsdangerous', 'pyyaml', 'ujson', 'orjson', 'pydantic-extra-types', 'pydantic-settings'],
  starlette: ['anyio', 'typing-extensions', 'itsdangerous', 'jinja2', 'python-multipart', 'pyyaml', 'httpx'],
  'fastapi-cli': ['typer', 'uvicorn', 'rich-toolkit', 'fastapi-cloud-cli'],
  'fastapi-cloud-cli': ['typer', 'uvicorn', 'rich-toolkit', 'rignore', 'httpx', 'pydantic', 'sentry-sdk', 'fastar'],
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
  uvicorn: ['click', 'h11', 'typing-extensions', 'colorama', 'httptools', 'python-dotenv', 'pyyaml', 'uvloop', 'watchfiles', 'websockets'],
  watchfiles: ['anyio'],
  gunicorn: ['packaging', 'setuptools', 'importlib-metadata'],
  // §2.2 and §2.3 database layer.
  sqlalchemy: ['greenlet', 'typing-extensions'],
  alembic: ['sqlalchemy', 'mako', 'typing-extensions', 'tomli', 'importlib-metadata', 'importlib-resources'],
  mako: ['markupsafe'],
  asyncpg: ['async-timeout'],
  psycopg2: [],
  'psycopg2-binary': [],
  // §2.4 Pydantic.
  pydantic: ['annotated-types', 'pydantic-core', 'typing-extensions', 'typing-inspection', 'email-validator'],
  'pydantic-core': ['typing-extensions'],
  'typing-inspection': ['typing-extensions'],
  'pydantic-settings': ['pydantic', 'python-dotenv', 'typing-inspection'],
  // §2.5 HTTP clients.
  httpx: ['anyio', 'certifi', 'httpcore', 'idna', 'sniffio', 'h2', 'brotli', 'socksio', 'click', 'rich', 'pygments'],
  httpcore: ['certifi', 'h11', 'h2', 'anyio'],
  h2: ['hpack', 'hyperframe'],
  requests: ['charset-normalizer', 'idna', 'urllib3', 'certifi', 'pysocks'],
  // §2.6 testing.
  pytest: ['iniconfig', 'packaging', 'pluggy', 'pygments', 'exceptiongroup', 'tomli', 'colorama'],
  'pytest-cov': ['pytest', 'coverage', 'pluggy'],
  coverage: ['tomli'],
  // §3 supporting libraries.
  'python-dotenv': [],
  'python-dateutil': ['six'],
  structlog: ['typing-extensions'],
  cryptography: ['cffi', 'typing-extensions'],
  cffi: ['pycparser'],
  'python-jose': ['ecdsa', 'rsa', 'pyasn1', 'cryptography'],
  ecdsa: ['six'],
  rsa: ['pyasn1'],
  pyjwt: ['cryptography'],
  celery: ['billiard', 'kombu', 'vine', 'click', 'click-didyoumean', 'click-repl', 'click-plugins', 'python-dateutil', 'tzdata', 'redis'],
  kombu: ['amqp', 'vine', 'tzdata', 'packaging', 'redis'],
  amqp: ['vine'],
  'click-repl': ['click', 'prompt-toolkit'],
  'click-didyoumean': ['click'],
  'click-plugins': ['click'],
  'prompt-toolkit': ['wcwidth'],
  redis: ['async-timeout', 'hiredis'],
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
