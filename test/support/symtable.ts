import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSource } from '../../server/src/core/decode';
import { parsePython } from '../../server/src/python/parse';
import { PythonFile } from '../../server/src/python/file';
import { type SymbolScope, symbolTables } from '../../server/src/python/symbols';
import { REPO } from './fixtures';

/** One table of CPython's `symtable`, as test/support/symtable_dump.py prints it. */
interface PyTable {
  type: string;
  name: string;
  line: number;
  children: PyTable[];
  symbols?: Record<string, string>;
}

export interface Disagreement {
  file: string;
  /** Dotted path of scope names from the module, with the scope's line. */
  scope: string;
  name: string;
  ours: string;
  python: string;
}

export interface Comparison {
  files: number;
  /** Files python3 cannot compile (or stacklint cannot decode): left out. */
  skipped: { file: string; reason: string }[];
  /** (function scope, name) pairs compared, and how many agree. */
  names: number;
  agreeing: number;
  disagreements: Disagreement[];
  /** Scopes one side has and the other does not; their names count as disagreeing. */
  unmatched: { file: string; scope: string; side: 'ours' | 'python'; names: number }[];
  /** Files where tree-sitter had to recover from a syntax error python3 does not see. */
  parserErrors: string[];
}

/** Runs CPython's symtable over `paths` in one python3 process. */
function pythonTables(paths: string[]): Map<string, { table?: PyTable; error?: string }> {
  const child = spawnSync('python3', [join(REPO, 'test/support/symtable_dump.py')], { input: paths.join('\n'), encoding: 'utf8', maxBuffer: 2 ** 31 - 1 });
  if (child.status !== 0) throw new Error(`symtable_dump.py failed: ${child.stderr}`);
  const tables = new Map<string, { table?: PyTable; error?: string }>();
  for (const line of child.stdout.split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line) as { path: string; table?: PyTable; error?: string };
    tables.set(entry.path, entry);
  }
  return tables;
}

/**
 * Compares stacklint's scope model with CPython's symtable on each file: per
 * function, lambda and comprehension scope, each name's class (local,
 * global-explicit, global-implicit, nonlocal, free). Scopes are paired by
 * name and first line, in order.
 */
export function compareWithSymtable(paths: string[], label: (path: string) => string = (p) => p): Comparison {
  const result: Comparison = { files: 0, skipped: [], names: 0, agreeing: 0, disagreements: [], unmatched: [], parserErrors: [] };
  const tables = pythonTables(paths);
  for (const path of paths) {
    const file = label(path);
    const python = tables.get(path);
    if (!python?.table) {
      result.skipped.push({ file, reason: python?.error ?? 'no symtable output' });
      continue;
    }
    const decoded = decodeSource(readFileSync(path), true);
    if (!decoded.ok) {
      result.skipped.push({ file, reason: decoded.reason });
      continue;
    }
    const tree = parsePython(decoded.text);
    try {
      const ours = symbolTables(new PythonFile(path, decoded.text, tree, false));
      result.files++;
      if (tree.rootNode.hasError) result.parserErrors.push(file);
      compareScope(file, 'top', ours, python.table, result);
    } finally {
      tree.delete();
    }
  }
  return result;
}

function compareScope(file: string, path: string, ours: SymbolScope, python: PyTable, result: Comparison): void {
  if (python.symbols) {
    const names = new Set([...ours.symbols.keys(), ...Object.keys(python.symbols)]);
    for (const name of names) {
      const mine = ours.symbols.get(name) ?? 'absent';
      const theirs = python.symbols[name] ?? 'absent';
      result.names++;
      if (mine === theirs) result.agreeing++;
      else result.disagreements.push({ file, scope: path, name, ours: mine, python: theirs });
    }
  }
  const key = (name: string, line: number) => `${name}@${line}`;
  const pending = new Map<string, PyTable[]>();
  for (const child of python.children) {
    const k = key(child.name, child.line);
    pending.set(k, [...(pending.get(k) ?? []), child]);
  }
  for (const child of ours.children.filter((c) => c.kind !== 'annotation')) {
    const k = key(child.name, child.line);
    const match = pending.get(k)?.shift();
    if (match) compareScope(file, `${path}.${k}`, child, match, result);
    else unmatched(result, { file, scope: `${path}.${k}`, side: 'ours', names: countOurs(child) });
  }
  for (const [k, rest] of pending) for (const table of rest) unmatched(result, { file, scope: `${path}.${k}`, side: 'python', names: countPython(table) });
}

function unmatched(result: Comparison, entry: Comparison['unmatched'][number]): void {
  result.unmatched.push(entry);
  result.names += entry.names;
}

function countOurs(scope: SymbolScope): number {
  return scope.symbols.size + scope.children.reduce((sum, child) => sum + countOurs(child), 0);
}

function countPython(table: PyTable): number {
  return Object.keys(table.symbols ?? {}).length + table.children.reduce((sum, child) => sum + countPython(child), 0);
}
