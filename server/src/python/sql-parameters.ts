import type { Node } from './parse';
import type { Edit, Fix } from '../core/types';
import { callArguments } from './calls';
import type { PythonFile } from './file';
import { referenceTo } from './imports';
import { sqlSinkOf } from './sql';

type Style = 'sqlalchemy' | 'named' | 'pyformat';

/** SQL before a hole that makes the hole a value, not a table or column name. */
const VALUE_BEFORE = /(?:[=<>]|<>|!=|\blike|\bilike|\blimit|\boffset|\bbetween|\band|\bis|\bin\s*\(|\bvalues\s*\(|,)\s*$/i;

/**
 * Turns an f-string passed to `execute()` or `text()` into a plain string
 * with bound parameters: `:name` and a params dict for SQLAlchemy (wrapped in
 * `text()`), `:name` for sqlite3, `%(name)s` for other DB-API cursors.
 * Gives no fix when an interpolation is not in a value position (a table or
 * column name cannot be a parameter) or carries a conversion or format spec.
 */
export function bindParametersFix(file: PythonFile, fstring: Node): Fix | undefined {
  if (fstring.type !== 'string') return undefined;
  const sink = sqlSinkOf(file, fstring);
  if (!sink) return undefined;
  const method = sink.childForFieldName('function')?.childForFieldName('attribute')?.text;
  const isText = method === undefined || method === 'text';
  if (!isText && method !== 'execute') return undefined;
  const args = callArguments(sink);
  if (args.positional.length !== 1 || args.keywords.size > 0 || args.hasSplat) return undefined;

  const style = isText ? 'sqlalchemy' : executeStyle(file, sink);
  if (!style) return undefined;
  const rewritten = rewrite(fstring, style);
  if (!rewritten) return undefined;
  const { literal, params } = rewritten;
  const edits: Edit[] = [];
  const end = file.lines.positionAt(args.positional[0].endIndex);
  if (isText) {
    const sinkEnd = file.lines.positionAt(sink.endIndex);
    edits.push({ range: file.range(fstring), newText: literal });
    edits.push({ range: { start: sinkEnd, end: sinkEnd }, newText: `.bindparams(${params.map(([name, value]) => `${name}=${value}`).join(', ')})` });
  } else {
    const dict = `{${params.map(([name, value]) => `"${name}": ${value}`).join(', ')}}`;
    if (style === 'sqlalchemy') {
      const text = referenceTo(file, 'sqlalchemy', 'text', sink);
      if (text.unavailable) return undefined;
      edits.push(...text.edits, { range: file.range(fstring), newText: `${text.expression}(${literal})` });
    } else {
      edits.push({ range: file.range(fstring), newText: literal });
    }
    edits.push({ range: { start: end, end }, newText: `, ${dict}` });
  }
  return { title: 'Use bound parameters', safe: false, edits };
}

/**
 * The placeholder style of the driver behind `call`, or undefined when it is
 * not known: asyncpg wants `$1` and positional arguments, and an unknown
 * receiver could be any driver, so no fix is better than a wrong one.
 */
function executeStyle(file: PythonFile, call: Node): Style | undefined {
  const receiver = call.childForFieldName('function')?.childForFieldName('object')?.text ?? '';
  const imports = [...file.module.bindings.values()].map((b) => (b.kind === 'import' ? b.qualified.split('.')[0] : ''));
  if (imports.includes('asyncpg')) return undefined;
  const usesSqlite = imports.includes('sqlite3');
  if (/cur(sor)?$/i.test(receiver)) return usesSqlite ? 'named' : 'pyformat';
  if (imports.includes('sqlalchemy') || imports.includes('sqlmodel')) return 'sqlalchemy';
  return usesSqlite ? 'named' : undefined;
}

function rewrite(fstring: Node, style: Style): { literal: string; params: [string, string][] } | undefined {
  const holes = fstring.namedChildren.filter((child): child is Node => child?.type === 'interpolation');
  const text = fstring.text;
  const base = fstring.startIndex;
  const pieces: string[] = [];
  let cursor = 0;
  for (const hole of holes) {
    pieces.push(text.slice(cursor, hole.startIndex - base));
    cursor = hole.endIndex - base;
  }
  pieces.push(text.slice(cursor));
  pieces[0] = pieces[0].replace(/^([A-Za-z]*)/, (prefix) => prefix.replace(/[fF]/, ''));
  // With parameters, pyformat drivers read every `%` as a placeholder: literal ones double.
  if (style === 'pyformat') pieces.forEach((piece, i) => (pieces[i] = piece.replace(/%/g, '%%')));

  const params: [string, string][] = [];
  const names = new Map<string, string>();
  for (let i = 0; i < holes.length; i++) {
    const expression = holes[i].childForFieldName('expression');
    if (!expression || holes[i].namedChildren.some((c) => c?.type === 'type_conversion' || c?.type === 'format_specifier')) return undefined;
    let before = pieces[i];
    let after = pieces[i + 1];
    // A quoted hole ('{name}') is a string value: the quotes go with it.
    if (before.endsWith("'") && after.startsWith("'")) {
      before = before.slice(0, -1);
      after = after.slice(1);
    } else if (!VALUE_BEFORE.test(before)) {
      return undefined;
    }
    let name = names.get(expression.text);
    if (!name) {
      name = uniqueName(parameterName(expression, i), new Set(names.values()));
      names.set(expression.text, name);
      params.push([name, expression.text]);
    }
    pieces[i] = before;
    pieces[i + 1] = after;
    pieces[i] += style === 'pyformat' ? `%(${name})s` : `:${name}`;
  }
  const literal = pieces.map((piece) => piece.replace(/\{\{/g, '{').replace(/\}\}/g, '}')).join('');
  return { literal, params };
}

function parameterName(expression: Node, index: number): string {
  if (expression.type === 'identifier') return expression.text;
  if (expression.type === 'attribute') return expression.childForFieldName('attribute')?.text ?? `p${index + 1}`;
  const key = /\[\s*["'](\w+)["']\s*\]$/.exec(expression.text);
  return key ? key[1] : `p${index + 1}`;
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}_${n}`;
  return candidate;
}
