import type { Node } from './parse';
import type { PythonFile } from './file';
import { targetNames } from './bindings';
import { pythonName, type Binding, type Scope } from './scopes';

// The values a name can hold where it is used, for constant folding: which
// assignments reach the use, and whether each is known.

/** The expression inside any parentheses: `(("x"))` is `"x"`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildren.length === 1 && current.namedChildren[0]) current = current.namedChildren[0];
  return current;
}

/** Stands for a value known to be a number: a `range()` or `enumerate()` counter. */
export const NUMBER = 'number';
export type Value = Node | typeof NUMBER;

/**
 * The values a name can hold where it is used, when every binding of it in
 * the scope it resolves to is a plain assignment or a loop over literals or
 * a counter; undefined when any binding is something else (a parameter, an
 * import, `+=`, a loop over data), since its value is then not known. In the
 * name's own scope only bindings before the use count, unless a loop around
 * the use runs a later one first.
 */
export function assignedValues(file: PythonFile, name: Node): readonly Value[] | undefined {
  // Rules ask again for the same names (each `+` operand, each hole): answered once per file.
  let known = valuesCache.get(file);
  if (!known) valuesCache.set(file, (known = new Map()));
  if (known.has(name.id)) return known.get(name.id);
  const values = valuesAt(file, name);
  known.set(name.id, values);
  return values;
}

const valuesCache = new WeakMap<PythonFile, Map<number, readonly Value[] | undefined>>();

function valuesAt(file: PythonFile, name: Node): Value[] | undefined {
  const binding = file.binding(name.text, name);
  if (binding?.kind !== 'local') return undefined;
  const scope = file.scopeOf(targetIdentifier(binding.node, name.text));
  // A parameter, or a name another scope rebinds through `global`/`nonlocal`, has no known value.
  if (isParameter(scope.node, name.text) || declaredElsewhere(file, name.text)) return undefined;
  const sameScope = file.scopeOf(name) === scope;
  // The loops around the use matter only for a binding after it: found then, once.
  let loops: Node[] | undefined;
  const loopsAround = () => (loops ??= sameScope ? enclosingLoops(file, name, scope.node) : []);
  // A site outside a function's (or class's, lambda's) node binds in another scope: skipped before the costlier look-up.
  const within = scope === file.module ? undefined : { start: scope.node.startIndex, end: scope.node.endIndex };
  const values: Value[] = [];
  for (const site of bindingSites(file, name.text)) {
    if (within && (site.node.startIndex > within.end || site.node.endIndex < within.start)) continue;
    if (file.scopeOf(targetIdentifier(site.node, name.text)) !== scope) continue;
    // A comprehension's element is written before its own `for` clause, which still runs first.
    const ownClause = site.node.type === 'for_in_clause' && !!site.node.parent && contains(site.node.parent, name);
    const reaches = !sameScope || ownClause || site.node.startIndex < name.startIndex || loopsAround().some((loop) => contains(loop, site.node));
    if (!reaches) continue;
    if (!site.value) return undefined;
    values.push(...site.value);
  }
  return values.length > 0 ? values : undefined;
}

/**
 * The loops around `node` inside `until`; a comprehension counts, since its
 * element is written before its `for`. Found by position among the file's
 * loops: walking up with `parent` costs a descent from the root per step in
 * tree-sitter, quadratic in the nesting depth.
 */
function enclosingLoops(file: PythonFile, node: Node, until: Node): Node[] {
  return [...LOOPS].flatMap((type) => file.nodes(type)).filter((loop) => contains(loop, node) && loop.id !== node.id && contains(until, loop) && loop.id !== until.id);
}

const LOOPS = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

function isParameter(scopeNode: Node, name: string): boolean {
  const params = scopeNode.type === 'function_definition' || scopeNode.type === 'lambda' ? scopeNode.childForFieldName('parameters') : undefined;
  return !!params && params.namedChildren.some((param) => !!param && targetNames(param.type === 'identifier' ? param : param.childForFieldName('name') ?? param.namedChildren.find((c) => c?.type === 'identifier')).includes(name));
}

function declaredElsewhere(file: PythonFile, name: string): boolean {
  return [...file.nodes('global_statement'), ...file.nodes('nonlocal_statement')].some((statement) => statement.namedChildren.some((child) => child?.text === name));
}

/**
 * The identifier a binding statement binds `name` with, else the statement:
 * the scope of a comprehension's loop variable is the comprehension's, not
 * that of the `for` clause as a whole (whose first iterable runs outside).
 */
function targetIdentifier(node: Node, name: string): Node {
  const target = node.childForFieldName('left') ?? node.childForFieldName('name');
  if (!target || node.type === 'function_definition' || node.type === 'class_definition') return node;
  const find = (current: Node): Node | undefined => {
    if (current.type === 'identifier') return current.text === name ? current : undefined;
    for (const child of current.namedChildren) {
      const found = child && find(child);
      if (found) return found;
    }
    return undefined;
  };
  return find(target) ?? node;
}

interface BindingSite {
  node: Node;
  /** The values bound, or undefined when not known. */
  value?: Value[];
}

const SITE_TYPES = ['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'named_expression', 'as_pattern_target', 'function_definition', 'class_definition', 'import_statement', 'import_from_statement'];
const SITE_RANK = new Map(SITE_TYPES.map((type, rank) => [type, rank]));

/**
 * The places that bind `name`, in the order of SITE_TYPES and then of the
 * file. The statements are those the file model binds the name with, in
 * any scope (after `global` and `nonlocal` moved them), and the `as`
 * patterns, which the model files under their `case`: reading every
 * assignment of a long file from the tree, to find the few that bind one
 * name, cost more than the rule asking.
 */
function bindingSites(file: PythonFile, name: string): BindingSite[] {
  let cache = sitesCache.get(file);
  if (!cache) sitesCache.set(file, (cache = { byName: bindingsByName(file), sites: new Map() }));
  let sites = cache.sites.get(name);
  if (sites) return sites;
  const statements = new Set<Node>([...file.nodes('as_pattern_target'), ...(cache.byName.get(pythonName(name)) ?? []).map((binding) => binding.node)]);
  const ranked = [...statements].flatMap((node) => {
    const rank = SITE_RANK.get(node.type);
    return rank === undefined ? [] : [{ node, rank }];
  });
  ranked.sort((a, b) => a.rank - b.rank || a.node.startIndex - b.node.startIndex);
  sites = ranked.flatMap(({ node }) => sitesOf(node).flatMap(([bound, site]) => (bound === name ? [site] : [])));
  cache.sites.set(name, sites);
  return sites;
}

/**
 * The bindings of each name in any scope, gathered in one pass over the
 * scopes (a pass per name asked was quadratic); their nodes are read only
 * for the names asked (a parameter's is found in the tree on first use).
 */
function bindingsByName(file: PythonFile): Map<string, Binding[]> {
  const byName = new Map<string, Binding[]>();
  const visit = (scope: Scope) => {
    for (const [name, list] of scope.history) {
      let bindings = byName.get(name);
      if (!bindings) byName.set(name, (bindings = []));
      for (const binding of list) bindings.push(binding);
    }
    scope.children.forEach(visit);
  };
  visit(file.module);
  return byName;
}

const sitesCache = new WeakMap<PythonFile, { byName: Map<string, Binding[]>; sites: Map<string, BindingSite[]> }>();

function sitesOf(node: Node): [string, BindingSite][] {
  switch (node.type) {
    case 'assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      // `name: str` alone declares a type and binds nothing.
      if (!right) return [];
      if (left?.type === 'identifier') return [[left.text, { node, value: right && right.type !== 'assignment' ? [right] : undefined }]];
      return targetNames(left).map((bound) => [bound, { node }]);
    }
    case 'for_statement': case 'for_in_clause': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const iterable = right ? unwrap(right) : undefined;
      const items = iterable && ['tuple', 'list', 'set'].includes(iterable.type) ? iterable.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : undefined;
      const counter = iterable?.type === 'call' ? iterable.childForFieldName('function')?.text : undefined;
      if (left?.type === 'identifier') return [[left.text, { node, value: counter === 'range' ? [NUMBER] : items }]];
      const names = targetNames(left);
      // `for i, item in enumerate(items)`: `i` counts.
      return names.map((bound, i) => [bound, { node, value: counter === 'enumerate' && i === 0 && names.length === 2 ? [NUMBER] : undefined }]);
    }
    case 'augmented_assignment':
      return targetNames(node.childForFieldName('left')).map((bound) => [bound, { node }]);
    case 'named_expression':
      return targetNames(node.childForFieldName('name')).map((bound) => [bound, { node }]);
    case 'as_pattern_target':
      return targetNames(node.namedChildren[0]).map((bound) => [bound, { node }]);
    case 'function_definition': case 'class_definition': {
      const name = node.childForFieldName('name');
      return name ? [[name.text, { node }]] : [];
    }
    default:
      // Imports: any name an import binds has a value we cannot read.
      return node.namedChildren.flatMap((child) => {
        const alias = child?.type === 'aliased_import' ? child.childForFieldName('alias') : child?.type === 'dotted_name' ? child.namedChildren[0] : undefined;
        return alias ? [[alias.text, { node }] as [string, BindingSite]] : [];
      });
  }
}
