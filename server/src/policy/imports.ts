// Python import names → the distributions that provide them, so an import
// is judged by the same policy rows as the requirement that installs it.

import type { StacklintConfig } from '../core/config';
import { classify, normalizeName, type PackageStatus } from './policy';

/** Import names that differ from their distribution's name (longest dotted prefix wins). */
const DISTRIBUTIONS: Readonly<Record<string, string>> = {
  yaml: 'pyyaml',
  jose: 'python-jose',
  jwt: 'pyjwt',
  MySQLdb: 'mysqlclient',
  mysql: 'mysql-connector-python',
  'mysql.connector': 'mysql-connector-python',
  Crypto: 'pycryptodome',
  Cryptodome: 'pycryptodomex',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  decouple: 'python-decouple',
  pydantic_settings: 'pydantic-settings',
  psycopg2: 'psycopg2-binary',
  bson: 'pymongo',
  gridfs: 'pymongo',
  tortoise: 'tortoise-orm',
  rest_framework: 'djangorestframework',
  flask_sqlalchemy: 'flask-sqlalchemy',
  PIL: 'pillow',
  sklearn: 'scikit-learn',
  cv2: 'opencv-python',
  attr: 'attrs',
  multipart: 'python-multipart',
  magic: 'python-magic',
  slugify: 'python-slugify',
  dns: 'dnspython',
  git: 'gitpython',
  OpenSSL: 'pyopenssl',
  nacl: 'pynacl',
  serial: 'pyserial',
  zmq: 'pyzmq',
  kafka: 'kafka-python',
  socketio: 'python-socketio',
  engineio: 'python-engineio',
  telegram: 'python-telegram-bot',
  docx: 'python-docx',
  ldap: 'python-ldap',
  'google.protobuf': 'protobuf',
  jinja2: 'jinja2',
  pkg_resources: 'setuptools',
  _pytest: 'pytest',
};

/**
 * Standard-library modules the standard rules out (§2.5: "never use urllib",
 * an HTTP client too low-level). `urllib.parse` and the rest of `urllib`
 * stay fine.
 */
const OFF_STACK_STDLIB: Readonly<Record<string, Omit<PackageStatus, 'name'>>> = {
  'urllib.request': {
    status: 'banned',
    section: '§2.5',
    replacement: 'httpx (or requests in simple sync scripts)',
    reason: 'too low-level an HTTP client',
  },
};

/** Modules other rules report, so one import is never reported twice. */
const REPORTED_ELSEWHERE = new Set(['pytz', 'sqlite3']);

/** The distribution that provides a dotted module name (`yaml.constructor` → `pyyaml`). */
export function distributionOf(module: string): string {
  const parts = module.split('.');
  for (let length = parts.length; length > 0; length--) {
    const mapped = DISTRIBUTIONS[parts.slice(0, length).join('.')];
    if (mapped) return mapped;
  }
  return normalizeName(parts[0]);
}

/**
 * The policy's verdict on an imported module, or undefined when the module
 * is not the policy's business (relative imports, modules other rules own).
 * An approved deviation or `extend-allow` entry applies to its import too.
 */
export function classifyImport(module: string, config: StacklintConfig): PackageStatus | undefined {
  if (module === '' || module.startsWith('.')) return undefined;
  const top = module.split('.')[0];
  if (REPORTED_ELSEWHERE.has(top)) return undefined;
  for (const [stdlib, status] of Object.entries(OFF_STACK_STDLIB)) {
    if (module === stdlib || module.startsWith(`${stdlib}.`)) {
      const key = normalizeName(stdlib);
      if (config.extendAllow.some((name) => normalizeName(name) === key)) return { name: stdlib, status: 'standard', section: '§1' };
      const approved = Object.entries(config.approvedDeviations).find(([name]) => normalizeName(name) === key);
      return { name: stdlib, ...status, ...(approved ? { approvedReason: approved[1] } : {}) };
    }
  }
  return classify(distributionOf(module), config);
}
