import type { Node } from './parse';
import type { PythonFile } from './file';
import { typeAliasName } from './bindings';
import { isFunctionLike, nonlocalOwner, pythonName, type Scope, type ScopeKind } from './scopes';

/** How CPython's `symtable` classifies a name in a function scope. */
export type SymbolClass = 'local' | 'global-explicit' | 'global-implicit' | 'nonlocal' | 'free';

/** The scope model in `symtable`'s terms, so that it can be checked against CPython. */
export interface SymbolScope {
  kind: ScopeKind;
  /** As symtable names it: the function or class name, `lambda`, `listcomp`, `genexpr`... */
  name: string;
  line: number;
  /** Function-like scopes only: every name the scope uses, binds, declares or passes through. */
  symbols: Map<string, SymbolClass>;
  children: SymbolScope[];
}

const COMPREHENSION_NAMES: Readonly<Record<string, string>> = {
  list_comprehension: 'listcomp',
  set_comprehension: 'setcomp',
  dictionary_comprehension: 'dictcomp',
  generator_expression: 'genexpr',
};

/**
 * Classifies every name of every function, lambda and comprehension scope
 * as symtable would. Rules never need this (they resolve single names with
 * `PythonFile.binding`); it walks every identifier, which costs a parent
 * lookup each, and exists so tests can hold the model to CPython.
 */
export function symbolTables(file: PythonFile): SymbolScope {
  const used = namesUsed(file);
  const extra = new Map<Scope, Set<string>>();
  const classes = new Map<Scope, Map<string, SymbolClass>>();
  const analyse = (scope: Scope) => {
    scope.children.forEach(analyse);
    if (!isFunctionLike(scope)) return;
    const names = new Set([...(used.get(scope) ?? []), ...scope.history.keys(), ...scope.globals, ...scope.nonlocals, ...scope.walrus, ...(extra.get(scope) ?? [])]);
    const symbols = new Map<string, SymbolClass>();
    for (const name of names) {
      const { kind, owner } = classify(scope, name);
      symbols.set(name, kind);
      if (kind !== 'free' && kind !== 'nonlocal') continue;
      // A free name passes through every scope between its user and its owner.
      for (let between = scope.parent; between && between !== owner; between = between.parent) {
        let set = extra.get(between);
        if (!set) extra.set(between, (set = new Set()));
        set.add(name);
      }
    }
    classes.set(scope, symbols);
  };
  analyse(file.module);
  const convert = (scope: Scope, className: string | undefined): SymbolScope => {
    const node = scope.node;
    const name = scope.kind === 'module' ? 'top' : (COMPREHENSION_NAMES[node.type] ?? (node.type === 'lambda' ? 'lambda' : (node.childForFieldName('name')?.text ?? '')));
    const inner = scope.kind === 'class' ? name : className;
    const symbols = new Map([...(classes.get(scope) ?? [])].map(([n, c]) => [mangle(n, inner), c] as const));
    const children = [...scope.children].sort((a, b) => entered(a) - entered(b));
    return { kind: scope.kind, name, line: node.startPosition.row + 1, symbols, children: children.map((child) => convert(child, inner)) };
  };
  return convert(file.module, undefined);
}

/**
 * Where CPython's symtable enters a scope, which orders its children: a
 * function after its defaults (`lambda x=lambda: 0: x` enters the inner
 * lambda first), a comprehension after its first iterable.
 */
function entered(scope: Scope): number {
  const node = scope.node;
  if (scope.kind === 'comprehension') {
    return node.namedChildren.find((child) => child?.type === 'for_in_clause')?.childForFieldName('right')?.endIndex ?? node.startIndex;
  }
  return node.childForFieldName('body')?.startIndex ?? node.startIndex;
}

function classify(scope: Scope, name: string): { kind: SymbolClass; owner?: Scope } {
  if (scope.walrus.has(name)) {
    let target = scope.parent;
    while (target && target.kind === 'comprehension') target = target.parent;
    if (!target || target.kind === 'module' || target.globals.has(name)) return { kind: 'global-explicit' };
    return { kind: 'nonlocal', owner: target };
  }
  if (scope.globals.has(name)) return { kind: 'global-explicit' };
  if (scope.nonlocals.has(name)) return { kind: 'nonlocal', owner: nonlocalOwner(scope, name) };
  if (scope.history.has(name)) return { kind: 'local' };
  for (let outer = scope.parent; outer; outer = outer.parent) {
    if (outer.kind === 'class') {
      // A class gives the functions in it an implicit `__class__` cell (for `super()`).
      if (name === '__class__') return { kind: 'free', owner: outer };
      continue;
    }
    if (outer.kind === 'module' || outer.globals.has(name)) return { kind: 'global-implicit' };
    if (outer.nonlocals.has(name)) return { kind: 'free', owner: nonlocalOwner(outer, name) };
    if (outer.history.has(name)) return { kind: 'free', owner: outer };
  }
  return { kind: 'global-implicit' };
}

/** Private names in a class are stored as `_Class__name`. */
function mangle(name: string, className: string | undefined): string {
  if (!className || !name.startsWith('__') || name.endsWith('__') || name.includes('.')) return name;
  const stripped = className.replace(/^_+/, '');
  return stripped ? `_${stripped}${name}` : name;
}

/** Identifier roles that are not names in a scope: attributes, keywords, import paths, parameters, declarations. */
function isName(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  const is = (field: string) => parent.childForFieldName(field)?.id === node.id;
  switch (parent.type) {
    case 'attribute':
      return !is('attribute');
    case 'keyword_argument':
      return !is('name');
    case 'dotted_name': {
      const context = parent.parent?.type ?? '';
      if (['import_statement', 'import_from_statement', 'future_import_statement', 'aliased_import', 'relative_import'].includes(context)) return false;
      // In a pattern, `Color.RED` uses `Color`; a bare name is a capture.
      return parent.namedChildren[0]?.id === node.id;
    }
    case 'aliased_import':
    case 'parameters':
    case 'lambda_parameters':
    case 'global_statement':
    case 'nonlocal_statement':
      return false;
    case 'function_definition':
    case 'class_definition':
    case 'default_parameter':
    case 'typed_default_parameter':
      return !is('name');
    case 'typed_parameter':
      return false;
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return !['parameters', 'lambda_parameters', 'typed_parameter'].includes(parent.parent?.type ?? '');
    case 'keyword_pattern':
      return parent.namedChildren[0]?.id !== node.id;
    default:
      return true;
  }
}

/** The names each scope uses, from every identifier in the file. */
function namesUsed(file: PythonFile): Map<Scope, Set<string>> {
  const used = new Map<Scope, Set<string>>();
  const add = (scope: Scope, name: string) => {
    let set = used.get(scope);
    if (!set) used.set(scope, (set = new Set()));
    set.add(name);
  };
  // With `from __future__ import annotations` symtable leaves annotations out of the function's names.
  const future = file.nodes('future_import_statement').some((node) => /\bannotations\b/.test(node.text));
  const annotations = future ? outermost(file.tree.rootNode.descendantsOfType('type').filter((n): n is Node => n?.isNamed === true)) : [];
  for (const node of file.tree.rootNode.descendantsOfType('identifier')) {
    if (!node || !isName(node) || within(annotations, node)) continue;
    const scope = file.scopeOf(node);
    add(scope, pythonName(node.text));
    // `super()` in a function makes the compiler load `__class__`.
    if (node.text === 'super' && isFunctionLike(scope)) add(scope, '__class__');
  }
  // `type(x).attr = value`, which the grammar reads as a type alias, uses the builtin `type`.
  for (const statement of file.nodes('type_alias_statement')) {
    if (!typeAliasName(statement)) add(file.scopeOf(statement), 'type');
  }
  return used;
}

function outermost(nodes: Node[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const node of nodes.sort((a, b) => a.startIndex - b.startIndex)) {
    const last = out[out.length - 1];
    if (last && node.endIndex <= last.end) continue;
    out.push({ start: node.startIndex, end: node.endIndex });
  }
  return out;
}

function within(ranges: { start: number; end: number }[], node: Node): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].end <= node.startIndex) lo = mid + 1;
    else if (ranges[mid].start > node.startIndex) hi = mid - 1;
    else return true;
  }
  return false;
}
