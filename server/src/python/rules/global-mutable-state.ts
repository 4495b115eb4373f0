/**
 * ## What it does
 * Flags a `global` statement inside a function that rebinds one of the
 * names it declares (assigns, augments, deletes, imports or defines it; a
 * `global` that only reads or mutates in place is not reported), and a module-level mutable
 * container (dict, list, set, `defaultdict`, `deque`, ...) that a function
 * mutates: subscript assignment or deletion, augmented assignment, or a
 * mutating method such as `append`, `update`, `setdefault` or `clear`. The
 * container is reported once, at its definition, with each mutating place as
 * related information, leaving out the functions already reported at their
 * `global` statement, so each place is reported once. Containers only
 * filled at import time and `__all__` are not reported.
 *
 * ## Why is this bad?
 * State shared through module globals leaks between requests and tests, is
 * unsafe with several workers or threads, and hides a function's real inputs.
 * The standard (§7) asks for dependency injection instead: a provider
 * function (cached with `lru_cache` where it must be shared) that FastAPI
 * passes in with `Depends`.
 *
 * ## Example
 * ```python
 * global_cache = {}
 *
 * def remember(key, value):
 *     global_cache[key] = value
 * ```
 *
 * ## Use instead
 * ```python
 * from functools import lru_cache
 *
 * @lru_cache()
 * def get_cache() -> dict:
 *     return {}
 *
 * def remember(key, value, cache: dict):
 *     cache[key] = value
 * ```
 */
import type { Node } from '../parse';
import type { PythonFile } from '../file';
import type { RelatedInfo } from '../../core/types';
import { definePythonRule } from '../rule';
import { pythonName } from '../scopes';
import { importBoundName } from '../bindings';

const MUTABLE_LITERALS = new Set(['dictionary', 'list', 'set', 'dictionary_comprehension', 'list_comprehension', 'set_comprehension']);
const MUTABLE_FACTORIES = new Set([
  'builtins.dict', 'builtins.list', 'builtins.set', 'builtins.bytearray',
  'collections.defaultdict', 'collections.OrderedDict', 'collections.deque', 'collections.Counter', 'collections.ChainMap',
  'weakref.WeakValueDictionary', 'weakref.WeakKeyDictionary', 'weakref.WeakSet',
]);
const MUTATING_METHODS = new Set([
  'append', 'extend', 'insert', 'pop', 'popitem', 'remove', 'clear', 'update', 'setdefault', 'add', 'discard',
  'appendleft', 'extendleft', 'popleft', 'rotate', 'sort', 'reverse', 'move_to_end', 'difference_update',
  'intersection_update', 'symmetric_difference_update', '__setitem__', '__delitem__',
]);

function callableName(fn: Node): string {
  return fn.type === 'lambda' ? 'a lambda' : `\`${fn.childForFieldName('name')?.text ?? '?'}()\``;
}

/** The name at the root of `x`, `x[k]`, `x[k][j]`: the container being changed. */
function baseName(node: Node | null | undefined): Node | undefined {
  let current = node;
  while (current?.type === 'subscript') current = current.childForFieldName('value');
  return current?.type === 'identifier' ? current : undefined;
}

function isMutableValue(file: PythonFile, value: Node | null): boolean {
  if (!value) return false;
  if (MUTABLE_LITERALS.has(value.type)) return true;
  if (value.type !== 'call') return false;
  const callee = value.childForFieldName('function');
  const name = callee ? file.qualifiedName(callee) : undefined;
  return name !== undefined && MUTABLE_FACTORIES.has(name);
}

/**
 * Module-level names first bound to a mutable container, with the identifier
 * that defines each. Read from the module's bindings, in the order they were
 * made: most of a file's assignments are inside functions, and asking each
 * for its target crosses into the parser.
 */
function moduleContainers(file: PythonFile): Map<string, Node> {
  const assignments: Node[] = [];
  for (const list of file.module.history.values()) {
    for (const binding of list) if (binding.node.type === 'assignment') assignments.push(binding.node);
  }
  assignments.sort((a, b) => a.startIndex - b.startIndex);
  const containers = new Map<string, Node>();
  let last: Node | undefined;
  for (const assignment of assignments) {
    // `a = b = []` binds two names at two nodes; `a, b = [], []` one node twice.
    if (assignment === last) continue;
    last = assignment;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier' || left.text === '__all__' || containers.has(pythonName(left.text))) continue;
    // The value's kind first: most assignments are not containers, and their scope costs more to find.
    const right = assignment.childForFieldName('right');
    if (!right || (!MUTABLE_LITERALS.has(right.type) && right.type !== 'call')) continue;
    if (file.scopeOf(assignment) !== file.module || file.enclosingCallable(assignment)) continue;
    if (isMutableValue(file, right)) containers.set(pythonName(left.text), left);
  }
  return containers;
}

/**
 * Each place a function may change one of `names` in place: the target
 * name and the node to show. The name changed (`x` of `x[k] = v`,
 * `x[k] += v`, `x.append(v)`) starts where its statement or call does, so
 * a node that starts with none of the names is passed over without asking
 * the tree: most of a file's assignments and calls.
 */
function mutations(file: PythonFile, names: ReadonlySet<string>): { name: Node; at: Node }[] {
  const startsWithName = nameAtStart(file.text, names);
  const found: { name: Node; at: Node }[] = [];
  for (const assignment of file.nodes('assignment')) {
    if (!startsWithName(assignment)) continue;
    const left = assignment.childForFieldName('left');
    if (left?.type === 'subscript') found.push({ name: baseName(left)!, at: assignment });
  }
  for (const assignment of file.nodes('augmented_assignment')) {
    if (!startsWithName(assignment)) continue;
    found.push({ name: baseName(assignment.childForFieldName('left'))!, at: assignment });
  }
  for (const statement of file.nodes('delete_statement')) {
    for (const target of statement.namedChildren.flatMap((child) => (child?.type === 'expression_list' ? child.namedChildren : [child]))) {
      if (target?.type === 'subscript') found.push({ name: baseName(target)!, at: statement });
    }
  }
  for (const call of file.calls(...MUTATING_METHODS)) {
    if (!startsWithName(call)) continue;
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute' || !MUTATING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) continue;
    found.push({ name: baseName(callee.childForFieldName('object'))!, at: call });
  }
  return found.filter((mutation) => mutation.name !== undefined);
}

/** A test of whether a node's text may start with one of `names`, NFKC-normalised (a prefilter: the name may go on, as `ab` starts with `a`). */
function nameAtStart(text: string, names: ReadonlySet<string>): (node: Node) => boolean {
  const byFirst = new Map<string, string[]>();
  for (const name of names) {
    const list = byFirst.get(name[0]);
    if (list) list.push(name);
    else byFirst.set(name[0], [name]);
  }
  return (node) => {
    const at = node.startIndex;
    if (byFirst.get(text[at])?.some((name) => text.startsWith(name, at))) return true;
    // A name spelt otherwise than its NFKC form (`ｃ` for `c`) has a non-ASCII character before any other: asked of the tree.
    for (let i = at; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128) return true;
      if (!ASCII_NAME.test(text[i])) return false;
    }
    return false;
  };
}

const ASCII_NAME = /[A-Za-z0-9_]/;

const BINDING_TYPES = ['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern_target', 'delete_statement', 'import_statement', 'import_from_statement', 'function_definition', 'class_definition'];

/**
 * A test of whether a node starts inside one of the spans: merged into
 * disjoint intervals and searched by halves, so a file of thousands of
 * functions that declare `global` costs no scan of them all per binding.
 */
function insideAny(spans: [number, number][]): (node: Node) => boolean {
  const merged: [number, number][] = [];
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return (node) => {
    const offset = node.startIndex;
    let lo = 0;
    let hi = merged.length - 1;
    // The last interval starting at or before the offset is the only one that can hold it.
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid][0] <= offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && offset < merged[hi][1];
  };
}

/**
 * The names statements directly in each scope inside `callables` bind (or
 * unbind with `del`), found in one pass: asked per `global` statement, a
 * scan of every binding was quadratic on a long file. Only the functions
 * that declare a `global` are looked in; the rest of the file cannot matter.
 */
function namesBoundPerScope(file: PythonFile, callables: readonly Node[]): Map<Scope, Set<string>> {
  const byScope = new Map<Scope, Set<string>>();
  // By where each node starts: a node's end is one more call into the parser.
  const inside = insideAny(callables.map((fn) => [fn.startIndex, fn.endIndex]));
  for (const type of BINDING_TYPES) {
    for (const node of file.nodes(type)) {
      if (!inside(node)) continue;
      const scope = file.scopeOf(node);
      let names = byScope.get(scope);
      if (!names) byScope.set(scope, (names = new Set()));
      // Normalised as Python compares names: `global total` then `ｔｏｔａｌ = n` rebinds it.
      for (const target of bindingTargets(node)) names.add(pythonName(target));
    }
  }
  return byScope;
}

type Scope = ReturnType<PythonFile['scopeOf']>;

function bindingTargets(node: Node): string[] {
  switch (node.type) {
    case 'assignment': case 'augmented_assignment': case 'for_statement':
      return targetNames(node.childForFieldName('left'));
    case 'named_expression':
      return targetNames(node.childForFieldName('name'));
    case 'as_pattern_target': case 'delete_statement':
      return node.namedChildren.flatMap((child) => targetNames(child));
    case 'function_definition': case 'class_definition':
      return [node.childForFieldName('name')?.text ?? ''];
    default:
      // Imports: `import a.b` binds `a`; `from m import x as y` binds `y`.
      return node.childrenForFieldName('name').flatMap((child) => {
        const name = child ? importBoundName(node.type, child) : undefined;
        return name === undefined ? [] : [name];
      });
  }
}

/** Names a target binds: `x`, `x, y`, `[x, *rest]`; not `x.attr` or `x[k]`, which change an object. */
function targetNames(target: Node | null | undefined): string[] {
  if (!target) return [];
  if (target.type === 'identifier') return [target.text];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'expression_list', 'tuple', 'list', 'parenthesized_expression'].includes(target.type)) {
    return target.namedChildren.flatMap((child) => targetNames(child));
  }
  return [];
}

export default definePythonRule({
  meta: {
    id: 'global-mutable-state',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['PLW0603'],
    fixable: false,
    summary: 'a `global` statement in a function that rebinds the name; a module-level mutable container mutated inside a function',
    sections: ['§7'],
  },
  check(file, report) {
    /** `function start:name` for each name a function rebinds through `global`. */
    const rebound = new Set<string>();
    const declarations = file.nodes('global_statement').flatMap((statement) => {
      const fn = file.enclosingCallable(statement);
      return fn ? [{ statement, fn }] : [];
    });
    const boundPerScope = declarations.length > 0 ? namesBoundPerScope(file, [...new Map(declarations.map(({ fn }) => [fn.id, fn])).values()]) : undefined;
    for (const { statement, fn } of declarations) {
      const declared = statement.namedChildren.filter((n) => n?.type === 'identifier').map((n) => n!.text);
      const bound = boundPerScope?.get(file.scopeOf(statement));
      const rebinds = declared.filter((name) => bound?.has(pythonName(name)));
      if (rebinds.length === 0) continue;
      for (const name of rebinds) rebound.add(`${fn.startIndex}:${pythonName(name)}`);
      const names = rebinds.map((name) => `\`${name}\``);
      report({
        range: file.range(statement),
        message: `\`global\` statement in ${callableName(fn)} rebinds module state (${names.join(', ')}); pass state in explicitly or inject a dependency (§7)`,
      });
    }

    const containers = moduleContainers(file);
    if (containers.size === 0) return;
    const related = new Map<string, RelatedInfo[]>();
    for (const { name, at } of mutations(file, new Set(containers.keys()))) {
      // Python compares names after NFKC normalisation: `ｃ.append(1)` changes `c`.
      const key = pythonName(name.text);
      if (!containers.has(key)) continue;
      const fn = file.enclosingCallable(at);
      if (!fn || rebound.has(`${fn.startIndex}:${key}`)) continue;
      // The name must mean the module-level container here, not a local or parameter that shadows it.
      if (file.binding(name.text, name) !== file.module.bindings.get(key)) continue;
      const list = related.get(key) ?? [];
      list.push({ range: file.range(at), message: `\`${name.text}\` is mutated in ${callableName(fn)}` });
      related.set(key, list);
    }
    for (const [key, places] of related) {
      const where = places.length === 1 ? 'a function' : `${places.length} places in functions`;
      const container = containers.get(key)!;
      report({
        range: file.range(container),
        message: `Module-level mutable \`${container.text}\` is changed in ${where}: global mutable state; inject it as a dependency (e.g. an \`lru_cache\`d provider) (§7)`,
        related: places,
      });
    }
  },
});
