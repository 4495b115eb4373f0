/**
 * ## What it does
 * Flags SQLite in production code: `import sqlite3` / `from sqlite3 import
 * ...`, and a `sqlite:` or `sqlite+<driver>:` URL passed to SQLAlchemy's
 * `create_engine` / `create_async_engine` or assigned to a name containing
 * `database_url`: written out, at the start of an f-string, `%`, `.format()`
 * or `+`, as the default of `os.getenv("DATABASE_URL", ...)`, or held in a
 * variable or constant that is then given to `create_engine`.
 * Test files are not checked: an in-memory SQLite database is a fine test
 * fixture. Nor is a project whose own package is named `sqlite3` (a
 * `sqlite3/__init__.py` at its root), importing itself.
 *
 * ## Why is this bad?
 * The standard database is PostgreSQL (§2.2): "never use SQLite in
 * production". SQLite behaves differently (types, concurrency, locking,
 * migrations), so code that works on it can fail on the real database, and a
 * SQLite default URL silently ships a file database when the environment
 * variable is missing.
 *
 * ## Example
 * ```python
 * from sqlalchemy import create_engine
 *
 * engine = create_engine("sqlite:///./app.db")
 * ```
 *
 * ## Use instead
 * ```python
 * from sqlalchemy import create_engine
 *
 * engine = create_engine(settings.database_url, pool_pre_ping=True)
 * ```
 */
import { dottedName } from '../bindings';
import type { Node } from '../parse';
import { callArguments } from '../calls';
import type { PythonFile } from '../file';
import { assignedValues, NUMBER } from '../assigned-values';
import { definePythonRule } from '../rule';
import { isFirstPartyModule } from '../first-party';

const ENGINE_FACTORIES = new Set([
  'sqlalchemy.create_engine', 'sqlalchemy.engine.create_engine', 'sqlalchemy.ext.asyncio.create_async_engine',
  'sqlmodel.create_engine',
]);
const GETENV = new Set(['os.getenv', 'os.environ.get']);
const SQLITE_URL = /^sqlite(\+\w+)?:/i;
const MESSAGE_URL = 'SQLite database URL in production code; use PostgreSQL (psycopg2 or asyncpg) and take the URL from settings (§2.2)';

/** The literal text at the start of a string (its first part when implicitly concatenated). */
function leadingText(node: Node): string | undefined {
  const first = node.type === 'concatenated_string' ? node.namedChildren.find((n) => n?.type === 'string') : node;
  if (!first || first.type !== 'string') return undefined;
  // A string that starts with an interpolation has no literal scheme.
  const content = first.namedChildren.find((child) => child?.type === 'interpolation' || child?.type === 'string_content');
  return content?.type === 'string_content' ? content.text : undefined;
}

function isSqliteUrl(node: Node | null | undefined): boolean {
  if (!node || (node.type !== 'string' && node.type !== 'concatenated_string')) return false;
  const text = leadingText(node);
  return text !== undefined && SQLITE_URL.test(text);
}

/**
 * The sqlite URL a value holds: the string itself (also the start of an
 * f-string, `%`, `.format()` or `+`), the default of an environment lookup
 * (`os.getenv("DATABASE_URL", "sqlite:///app.db")`), either branch of a
 * conditional, or what a variable or constant was assigned.
 */
function sqliteValue(file: PythonFile, value: Node | null | undefined, depth = 0): Node | undefined {
  if (!value || depth > 4) return undefined;
  const next = (node: Node | null | undefined) => sqliteValue(file, node, depth + 1);
  switch (value.type) {
    case 'string': case 'concatenated_string':
      return isSqliteUrl(value) ? value : undefined;
    case 'parenthesized_expression':
      return next(value.namedChildren[0]);
    case 'binary_operator':
      return ['%', '+'].includes(value.childForFieldName('operator')?.type ?? '') ? next(value.childForFieldName('left')) : undefined;
    case 'conditional_expression':
      return next(value.namedChildren[0]) ?? next(value.namedChildren[2]);
    case 'identifier':
      for (const assigned of assignedValues(file, value) ?? []) {
        const found = assigned === NUMBER ? undefined : next(assigned);
        if (found) return found;
      }
      return undefined;
    case 'call': {
      const callee = value.childForFieldName('function');
      if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format') return next(callee.childForFieldName('object'));
      if (!callee || !GETENV.has(file.qualifiedName(callee) ?? '')) return undefined;
      const args = callArguments(value);
      return next(args.positional[1] ?? args.keywords.get('default'));
    }
    default:
      return undefined;
  }
}

const FACTORY_NAMES = [...new Set([...ENGINE_FACTORIES].map((name) => name.split('.').pop()!))];

export default definePythonRule({
  meta: {
    id: 'sqlite-in-production',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: false,
    summary: '`import sqlite3`, or a `sqlite:` URL (also through a variable, formatting or a `getenv` default) given to `create_engine` or assigned to a `*database_url*` name, outside test files',
    sections: ['§2.2'],
  },
  check(file, report, { config, workspace }) {
    if (file.isTest) return;
    const reported = new Set<number>();
    const reportUrl = (url: Node) => {
      if (reported.has(url.id)) return;
      reported.add(url.id);
      report({ range: file.range(url), message: MESSAGE_URL });
    };
    for (const statement of [...file.nodes('import_statement'), ...file.nodes('import_from_statement')]) {
      const modules = statement.type === 'import_statement'
        ? statement.namedChildren.map((child) => (child?.type === 'aliased_import' ? child.childForFieldName('name') : child))
        : [statement.childForFieldName('module_name')];
      for (const module of modules) {
        if (module?.type === 'dotted_name' && module.namedChildren[0]?.text === 'sqlite3' && !isFirstPartyModule(dottedName(module), config.root, workspace)) {
          report({ range: file.range(module), message: '`sqlite3` in production code; the standard database is PostgreSQL via SQLAlchemy (§2.2)' });
        }
      }
    }
    for (const call of file.calls(...FACTORY_NAMES)) {
      const callee = call.childForFieldName('function');
      if (!callee || !ENGINE_FACTORIES.has(file.qualifiedName(callee) ?? '')) continue;
      const args = callArguments(call);
      const url = sqliteValue(file, args.positional[0] ?? args.keywords.get('url'));
      if (url) reportUrl(url);
    }
    // Asking every assignment for its target crosses into the parser each time; most files name no database URL at all.
    if (!/database_url/i.test(file.text)) return;
    for (const assignment of file.nodes('assignment')) {
      const left = assignment.childForFieldName('left');
      const name = left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : undefined;
      if (!name || !name.toLowerCase().includes('database_url')) continue;
      const url = sqliteValue(file, assignment.childForFieldName('right'));
      if (url) reportUrl(url);
    }
  },
});

