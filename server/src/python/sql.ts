import type { Node } from './parse';
import type { PythonFile } from './file';

/** Stands for an interpolated value when reading a string's literal text. */
export const HOLE = '\u0000';

/**
 * Words that start English noun phrases. SQL puts a table or column name
 * where prose puts these ("select an option from the list"), so they tell
 * prose from queries.
 */
const PROSE_WORDS = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'your', 'my', 'our', 'their', 'his', 'her', 'its',
  'some', 'any', 'one', 'which', 'what', 'each', 'every', 'no', 'please', 'to', 'it', 'them', 'me', 'you',
]);

/**
 * Words SQL allows right after a table name (or an alias). Anything else
 * there ("insert into {queue} failed", "select files from {q} to upload")
 * is a sentence about a table, not a statement.
 */
const AFTER_TABLE = new Set([
  'where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'outer', 'natural', 'straight_join', 'group', 'order',
  'limit', 'offset', 'union', 'having', 'as', 'on', 'using', 'for', 'window', 'fetch', 'except', 'intersect', 'minus',
  'returning', 'tablesample', 'with', 'values', 'value', 'select', 'set', 'default', 'partition', 'lock', 'into',
  'qualify', 'connect', 'start', 'pivot', 'unpivot', 'force', 'use', 'ignore', 'procedure', 'format', 'output', 'top',
]);

const NAME = String.raw`(?:[\w$."\`\[\]]+|\u0000)`;
// A select's column and its `from` clause are matched apart: one pattern with
// `(\S+)[\s\S]*?\bfrom` between them backtracks quadratically on long text.
const SELECT_COLUMN = /^select\s+(?:distinct\s+|all\s+)?(\S+)/;
const SELECT_FROM = new RegExp(String.raw`\bfrom\s+(\(|${NAME})`, 'g');

/** `select <column> ... from <table><rest>` as [whole, column, table, rest], like the other shapes' matches. */
const selectShape = {
  exec(body: string): string[] | null {
    const column = SELECT_COLUMN.exec(body);
    if (!column) return null;
    // The `from` may follow the column's first character at the earliest (`count(*)from t`).
    SELECT_FROM.lastIndex = column[0].length - column[1].length + 1;
    const from = SELECT_FROM.exec(body);
    return from ? [body, column[1], from[1], body.slice(from.index + from[0].length)] : null;
  },
};

/** Each statement's shape: its names (checked against prose words), and for some the text after the table. */
const STRUCTURES: { start: RegExp; shape: { exec(body: string): ArrayLike<string | undefined> | null }; rest: boolean }[] = [
  { start: /^select\b/, shape: selectShape, rest: true },
  { start: /^insert\b/, shape: new RegExp(String.raw`^insert\s+(?:or\s+\w+\s+)?into\s+(${NAME})([\s\S]*)$`), rest: true },
  { start: /^update\b/, shape: new RegExp(String.raw`^update\s+(${NAME})\s+(?:as\s+\w+\s+)?set\b`), rest: false },
  { start: /^delete\b/, shape: new RegExp(String.raw`^delete\s+from\s+(${NAME})([\s\S]*)$`), rest: true },
  { start: /^replace\b/, shape: new RegExp(String.raw`^replace\s+into\s+(${NAME})([\s\S]*)$`), rest: true },
  { start: /^merge\b/, shape: new RegExp(String.raw`^merge\s+into\s+(${NAME})`), rest: false },
  { start: /^with\b/, shape: /^with\s+(?:recursive\s+)?(\w+)\s*(?:\([^)]*\)\s*)?as\s*(?:not\s+)?(?:materialized\s+)?\(/, rest: false },
];

/**
 * True when literal text (interpolations replaced by HOLE) reads as a SQL
 * statement: it starts with a statement keyword and has that statement's
 * structure, with a name, not an English word, where SQL needs a name, and
 * SQL, not a sentence, after the table; or it holds such a SELECT in
 * parentheses (a subquery in a fragment of a larger statement).
 */
export function looksLikeSql(text: string): boolean {
  const body = text.replace(/^[\s(]+/, '').toLowerCase();
  if (readsAsStatement(body)) return true;
  // A fragment holding a subquery (`col, (SELECT x FROM t%(dblink)s WHERE ...)`) is SQL too; the first few are enough.
  let tried = 0;
  for (const subquery of body.matchAll(/\(\s*(?=select\b)/g)) {
    if (++tried > 3) break;
    if (readsAsStatement(body.slice(subquery.index + subquery[0].length))) return true;
  }
  return false;
}

function readsAsStatement(body: string): boolean {
  for (const { start, shape, rest } of STRUCTURES) {
    if (!start.test(body)) continue;
    const match = shape.exec(body);
    if (!match) return false;
    const names = Array.from(match).slice(1, rest ? -1 : undefined);
    if (names.some((word) => word !== undefined && PROSE_WORDS.has(word.replace(/[",]/g, '')))) return false;
    if (start.source === '^select\\b' && isProseList((/^select\s([\s\S]*?)\bfrom\b/.exec(body)?.[1] ?? '').trimStart())) return false;
    return !rest || continuesAsSql(match[match.length - 1] ?? '');
  }
  return false;
}

/**
 * True when what follows a table name can be SQL: nothing, punctuation, a
 * column list, a hole, a clause keyword, or an alias and then one of those.
 */
function continuesAsSql(rest: string): boolean {
  const words = rest.trimStart();
  if (words === '' || /^[;,)(\u0000*]/.test(words)) return true;
  const [first, second] = words.split(/\s+/);
  const word = /^\w*/.exec(first)![0];
  if (AFTER_TABLE.has(word)) return true;
  if (word === '' || PROSE_WORDS.has(word) || !/^\w+[;,)]*$/.test(first)) return false;
  // An alias: the table's name for the rest of the statement.
  return first !== word || !second || /^[;,)(\u0000]/.test(second) || AFTER_TABLE.has(/^\w*/.exec(second)![0]);
}

/** Words a select list holds besides names: `CASE WHEN x THEN 1 END AS flag`. */
const SELECT_LIST_WORDS = new Set([
  'as', 'case', 'when', 'then', 'else', 'end', 'distinct', 'on', 'and', 'or', 'not', 'null', 'is', 'in', 'like',
  'between', 'over', 'partition', 'by', 'order', 'filter', 'where', 'cast', 'interval', 'collate', 'escape', 'exists',
  'true', 'false', 'all', 'any', 'top', 'percent', 'with', 'ties', 'asc', 'desc', 'rows', 'range', 'preceding',
  'following', 'unbounded', 'current', 'row', 'within', 'group', 'nulls', 'first', 'last', 'sql_calc_found_rows',
]);

/** True when a select list reads as a sentence: three plain words in a row, none of them SQL ("statement has a cartesian product"). */
function isProseList(list: string): boolean {
  let run = 0;
  for (const token of list.split(/\s+/)) {
    run = /^[a-z]+$/.test(token) && !SELECT_LIST_WORDS.has(token) ? run + 1 : 0;
    if (run >= 3) return true;
  }
  return false;
}

/** First words of SQL statements, for text handed to an `execute()` whose receiver is not known to be a database. */
const STATEMENT_WORDS = new Set([
  'select', 'insert', 'update', 'delete', 'with', 'create', 'drop', 'alter', 'truncate', 'pragma', 'set', 'show',
  'describe', 'desc', 'explain', 'grant', 'revoke', 'use', 'begin', 'commit', 'rollback', 'savepoint', 'release',
  'lock', 'unlock', 'vacuum', 'analyze', 'attach', 'detach', 'copy', 'call', 'exec', 'declare', 'fetch', 'close',
  'prepare', 'deallocate', 'merge', 'replace', 'upsert', 'comment', 'reindex', 'cluster', 'listen', 'notify',
  'refresh', 'values', 'optimize', 'rename', 'checkpoint', 'discard', 'reset',
]);

/** True when text starts with the keyword of a SQL statement (`DROP DATABASE {x}`, `PRAGMA ...`). */
export function startsLikeSql(text: string): boolean {
  const word = /^[\s(]*([A-Za-z_]+)/.exec(text)?.[1]?.toLowerCase();
  return word !== undefined && STATEMENT_WORDS.has(word);
}

/** Methods that run the SQL text they are given, whatever their receiver. */
const SQL_METHODS = new Set(['exec_driver_sql', 'executescript', 'mogrify']);
/** Methods that run SQL when called on a database object, and mean something else elsewhere (`ssh.execute`). */
const EXECUTE_METHODS = new Set(['execute', 'executemany', 'raw']);
const SINK_FUNCTIONS = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'sqlmodel.text']);
/** SQLAlchemy's `DDL(...)` runs its text when the event it is attached to fires; inside SQLAlchemy it is imported relatively. */
const DDL_CONSTRUCT = /^(?:sqlalchemy(?:\.schema|\.sql\.ddl)?|\.+(?:sql\.)?(?:schema|ddl))\.DDL$/;

/** The last name of every callee that can be a SQL sink, to look up calls by. */
export const SINK_CALL_NAMES = [...SQL_METHODS, ...EXECUTE_METHODS, 'text', 'DDL', 'read_sql', 'read_sql_query'];

/** A call that runs the SQL text given as its first argument; `certain` when it runs SQL whatever the text. */
export interface SqlSink {
  call: Node;
  certain: boolean;
}

/** The call that receives `node` as its first argument when that call runs SQL. */
export function sqlSinkOf(file: PythonFile, node: Node): Node | undefined {
  return sinkOf(file, node)?.call;
}

/**
 * The SQL sink `node` is the first argument of: `text(...)`, `DDL(...)`, `pd.read_sql(...)`,
 * `exec_driver_sql(...)` are certain; `x.execute(...)` is certain when `x` is a
 * database object (a cursor, connection, session or engine by its name or
 * by where it came from) and otherwise counts only for text that reads as SQL.
 */
export function sinkOf(file: PythonFile, node: Node): SqlSink | undefined {
  let arg = node;
  while (arg.parent?.type === 'parenthesized_expression') arg = arg.parent;
  const list = arg.parent;
  if (list?.type !== 'argument_list' || list.namedChildren[0]?.id !== arg.id) return undefined;
  const call = list.parent;
  const fn = call?.childForFieldName('function');
  if (!call || !fn) return undefined;
  const name = file.qualifiedName(fn) ?? '';
  if (SINK_FUNCTIONS.has(name) || DDL_CONSTRUCT.test(name) || /^(?:pandas|pd)\.read_sql(?:_query)?$/.test(name)) return { call, certain: true };
  if (fn.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  if (SQL_METHODS.has(method)) return { call, certain: true };
  if (!EXECUTE_METHODS.has(method)) return undefined;
  const receiver = fn.childForFieldName('object');
  return { call, certain: !!receiver && isDatabaseObject(file, receiver) };
}

/** Parts of names that mark a database object: `cur`, `conn`, `db_session`, `asyncEngine`, `cx`. */
const DATABASE_WORDS = new Set([
  'cur', 'cursor', 'curs', 'conn', 'connection', 'con', 'cnx', 'cx', 'db', 'database', 'session', 'sess', 'engine',
  'connectable', 'dbapi', 'transaction', 'tx', 'txn', 'sql', 'sqlite', 'pg', 'psycopg', 'mysql', 'postgres', 'cnxn',
]);
/** Calls whose result is a database object: `conn.cursor()`, `sqlite3.connect(...)`, `engine.begin()`. */
const DATABASE_FACTORIES = new Set([
  'cursor', 'connect', 'create_engine', 'create_async_engine', 'Session', 'AsyncSession', 'begin', 'raw_connection',
  'get_connection', 'get_bind', 'sessionmaker', 'scoped_session', 'Connection', 'acquire',
]);

function isDatabaseObject(file: PythonFile, receiver: Node): boolean {
  if (receiver.type === 'call') {
    const fn = receiver.childForFieldName('function');
    const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    return !!last && (DATABASE_FACTORIES.has(last) || isDatabaseName(last));
  }
  const last = receiver.type === 'attribute' ? receiver.childForFieldName('attribute') : receiver;
  if (last?.type !== 'identifier') return false;
  if (isDatabaseName(last.text)) return true;
  if (receiver.type !== 'identifier') return false;
  const binding = file.binding(receiver.text, receiver);
  const value = binding?.kind === 'local' && binding.node.type === 'assignment' ? binding.node.childForFieldName('right') : undefined;
  return value?.type === 'call' && isDatabaseObject(file, value);
}

function isDatabaseName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/);
  return words.some((word) => DATABASE_WORDS.has(word));
}

/** A string's literal text, with each interpolation replaced by HOLE. */
export function literalText(node: Node): string {
  if (node.type === 'concatenated_string') return node.namedChildren.map((part) => (part && part.type === 'string' ? literalText(part) : '')).join('');
  if (node.type !== 'string') return HOLE;
  let text = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') text += child.text;
    else if (child.type === 'interpolation') text += HOLE;
  }
  // Escaped line breaks separate words just as real ones do.
  return text.replace(/\\[nrt]/g, ' ');
}

/** True when a string node (or implicit concatenation) interpolates at least one expression. */
export function interpolates(node: Node): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.some((part) => part?.type === 'string' && interpolates(part));
  return node.type === 'string' && node.namedChildren.some((child) => child?.type === 'interpolation');
}

/** True for a PEP 750 template string (`t"..."`): it keeps values apart from the text, as bound parameters do. */
export function isTemplateString(node: Node): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.some((part) => !!part && isTemplateString(part));
  const start = node.type === 'string' ? node.namedChildren[0] : undefined;
  return start?.type === 'string_start' && /^[a-z]*t/i.test(start.text);
}
