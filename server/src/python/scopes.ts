import type { Node } from './parse';

/**
 * What a name is bound to. `at` is the offset from which the binding is in
 * force (the end of the assignment, of the import, of a loop's iterable...);
 * parameters are in force from the start of their function.
 */
export type Binding =
  | { kind: 'import'; qualified: string; node: Node; at: number }
  | { kind: 'local'; node: Node; at: number }
  /** `del x`, or the implicit deletion of an `except ... as x` name when its handler ends. */
  | { kind: 'deleted'; node: Node; at: number }
  /** A name no binding explains, after `from module import *`: it may come from that module. */
  | { kind: 'star'; module: string; node: Node; at: number };

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension' | 'annotation';

export interface Scope {
  kind: ScopeKind;
  node: Node;
  parent?: Scope;
  children: Scope[];
  /** The last binding of each name in statement order (after `finishScopes`). */
  bindings: Map<string, Binding>;
  /** Every binding of each name, in the order they take effect (after `finishScopes`). */
  history: Map<string, Binding[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
  /** Comprehension only: names its walrus targets bind in the enclosing function or module. */
  walrus: Set<string>;
  /** Module only: `from m import *` statements, in order. */
  stars: Binding[];
}

export function newScope(kind: ScopeKind, node: Node, parent?: Scope): Scope {
  const scope: Scope = { kind, node, parent, children: [], bindings: new Map(), history: new Map(), globals: new Set(), nonlocals: new Set(), walrus: new Set(), stars: [] };
  parent?.children.push(scope);
  return scope;
}

/** Functions, lambdas and comprehensions: a name bound anywhere in them is local to all of them. */
export function isFunctionLike(scope: Scope): boolean {
  return scope.kind === 'function' || scope.kind === 'lambda' || scope.kind === 'comprehension';
}

/** Python compares identifiers after NFKC normalisation (`ｗｉｄｔｈ` is `width`). */
export function pythonName(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? text.normalize('NFKC') : text;
}

export function addBinding(scope: Scope, text: string, binding: Binding): void {
  const name = pythonName(text);
  const list = scope.history.get(name);
  if (list) list.push(binding);
  else scope.history.set(name, [binding]);
}

/**
 * Moves bindings of names declared `global` to the module and of names
 * declared `nonlocal` to the function that owns them, then puts each name's
 * bindings in the order they take effect. Parents are finished before their
 * children, so a `nonlocal` finds its owner's bindings complete.
 */
export function finishScopes(module: Scope): void {
  const all: Scope[] = [];
  const visit = (scope: Scope) => {
    all.push(scope);
    scope.children.forEach(visit);
  };
  visit(module);
  for (const scope of all) {
    if (scope.kind === 'module') continue;
    for (const name of scope.globals) moveBindings(scope, name, module);
    for (const name of scope.nonlocals) {
      const owner = nonlocalOwner(scope, name);
      if (owner) moveBindings(scope, name, owner);
    }
  }
  for (const scope of all) {
    for (const [name, list] of scope.history) {
      // Bindings are mostly recorded in the order they take effect: sorting would copy every list anyway.
      if (!inOrder(list)) list.sort((a, b) => a.at - b.at);
      scope.bindings.set(name, list[list.length - 1]);
    }
  }
}

function inOrder(list: readonly Binding[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1].at > list[i].at) return false;
  return true;
}

function moveBindings(from: Scope, name: string, to: Scope): void {
  const list = from.history.get(name);
  if (!list || from === to) return;
  from.history.delete(name);
  for (const binding of list) addBinding(to, name, binding);
}

/** The enclosing function scope a `nonlocal name` in `scope` refers to (class scopes are skipped). */
export function nonlocalOwner(scope: Scope, name: string): Scope | undefined {
  for (let outer = scope.parent; outer && outer.kind !== 'module'; outer = outer.parent) {
    if (outer.kind === 'class') continue;
    if (outer.globals.has(name)) return undefined;
    if (outer.nonlocals.has(name)) continue;
    if (outer.history.has(name)) return outer;
  }
  return undefined;
}

/**
 * The binding of `name` in force at offset `at` of `scope`, following Python:
 * in a function every binding of the name makes it local (the latest one
 * before the use, or the last one for a use that a loop reaches again);
 * at module and class level the latest binding before the use counts, and
 * without one the lookup goes on outwards (module: star imports, then the
 * builtins, returned as undefined). Class scopes are invisible to anything
 * nested in them. Once the lookup leaves a function or lambda it is
 * deferred: the body runs after the enclosing scope has bound everything,
 * so the enclosing scope's last binding counts. Comprehensions run at once.
 */
export function resolve(text: string, scope: Scope, at: number): Binding | undefined {
  const name = pythonName(text);
  let position = at;
  let skipClasses = false;
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    if (current.kind === 'class' && skipClasses) continue;
    if (current.kind !== 'module' && current.globals.has(name)) {
      // A function body runs after the module has bound everything; a class body runs in order.
      return inModule(name, root(current), current.kind === 'function' || current.kind === 'lambda' ? Infinity : position);
    }
    if (current.kind !== 'module' && current.nonlocals.has(name)) {
      const owner = nonlocalOwner(current, name);
      return owner ? latest(owner.history.get(name), Infinity, true) : undefined;
    }
    if (current.kind === 'module') return inModule(name, current, position);
    const found = latest(current.history.get(name), position, isFunctionLike(current));
    if (found && (found.kind !== 'deleted' || isFunctionLike(current))) return found;
    if (current.kind === 'function' || current.kind === 'lambda') position = Infinity;
    if (current.kind !== 'annotation') skipClasses = true;
  }
  return undefined;
}

function inModule(name: string, module: Scope, at: number): Binding | undefined {
  const found = latest(module.history.get(name), at, false);
  if (found && found.kind !== 'deleted') return found;
  const star = latest(module.stars, at, false);
  return star ? { ...star, node: star.node } : undefined;
}

/** The last binding in force at `at`; in a function, failing that, the last one of all. */
function latest(list: Binding[] | undefined, at: number, local: boolean): Binding | undefined {
  if (!list || list.length === 0) return undefined;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].at <= at) return list[i];
  return local ? list[list.length - 1] : undefined;
}

function root(scope: Scope): Scope {
  let current = scope;
  while (current.parent) current = current.parent;
  return current;
}
