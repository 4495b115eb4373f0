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

const NAME = String.raw`(?:[\w$."\`\[\]]+|\u0000)`;
const STRUCTURES: { start: RegExp; table: RegExp }[] = [
  { start: /^select\b/, table: new RegExp(String.raw`^select\s+(?:distinct\s+|all\s+)?(\S+)[\s\S]*?\bfrom\s+(${NAME})`) },
  { start: /^insert\b/, table: new RegExp(String.raw`^insert\s+(?:or\s+\w+\s+)?into\s+(${NAME})`) },
  { start: /^update\b/, table: new RegExp(String.raw`^update\s+(${NAME})\s+(?:as\s+\w+\s+)?set\b`) },
  { start: /^delete\b/, table: new RegExp(String.raw`^delete\s+from\s+(${NAME})`) },
  { start: /^replace\b/, table: new RegExp(String.raw`^replace\s+into\s+(${NAME})`) },
  { start: /^merge\b/, table: new RegExp(String.raw`^merge\s+into\s+(${NAME})`) },
  { start: /^with\b/, table: /^with\s+(?:recursive\s+)?(\w+)\s*(?:\([^)]*\)\s*)?as\s*(?:not\s+)?(?:materialized\s+)?\(/ },
];

/**
 * True when literal text (interpolations replaced by HOLE) reads as a SQL
 * statement: it starts with a statement keyword and has that statement's
 * structure, with a name, not an English word, where SQL needs a name.
 */
export function looksLikeSql(text: string): boolean {
  const body = text.replace(/^[\s(]+/, '').toLowerCase();
  for (const { start, table } of STRUCTURES) {
    if (!start.test(body)) continue;
    const match = table.exec(body);
    if (!match) return false;
    return match.slice(1).every((word) => word === undefined || !PROSE_WORDS.has(word.replace(/[",]/g, '')));
  }
  return false;
}

/** Methods and functions that run the SQL text they are given. */
const SINK_METHODS = new Set(['execute', 'executemany', 'exec_driver_sql', 'executescript', 'raw', 'mogrify']);
const SINK_FUNCTIONS = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'sqlmodel.text']);

/** The last name of every callee that can be a SQL sink, to look up calls by. */
export const SINK_CALL_NAMES = [...SINK_METHODS, 'text', 'read_sql', 'read_sql_query'];

/** The call that receives `node` as its first argument when that call runs SQL. */
export function sqlSinkOf(file: PythonFile, node: Node): Node | undefined {
  let arg = node;
  while (arg.parent?.type === 'parenthesized_expression') arg = arg.parent;
  const list = arg.parent;
  if (list?.type !== 'argument_list' || list.namedChildren[0]?.id !== arg.id) return undefined;
  const call = list.parent;
  const fn = call?.childForFieldName('function');
  if (!call || !fn) return undefined;
  if (fn.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text ?? '';
    if (SINK_METHODS.has(method)) return call;
    const name = file.qualifiedName(fn) ?? '';
    if (/^pandas\.read_sql/.test(name) || /^pd\.read_sql/.test(name)) return call;
  }
  const name = file.qualifiedName(fn);
  if (name && (SINK_FUNCTIONS.has(name) || /^pandas\.read_sql(_query)?$/.test(name))) return call;
  return undefined;
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
