import type { Node } from './parse';
import { addBinding, isFunctionLike, pythonName, type Scope } from './scopes';

/** Where bindings go: the scope that holds a range of text, found by position. */
export interface ScopeFinder {
  /** The scope that holds [start, end); `id` is the node's, whose own scope does not hold it. */
  scopeAt(start: number, end: number, id?: number): Scope;
  readonly module: Scope;
}

/** The node types whose nodes bind or declare names; the file walk collects them, reads each with `bindingsOf` and applies that with `applyBindings`. */
export const BINDING_TYPES = [
  'import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition',
  'assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'with_item', 'except_clause',
  'named_expression', 'global_statement', 'nonlocal_statement', 'delete_statement', 'case_clause', 'type_alias_statement',
];

/**
 * What one statement or expression does to the scopes, with every offset
 * relative to its start: it depends on the node's text alone, so an editor
 * keeps it for statements an edit left alone (modelMemo.ts).
 */
export interface NodeBindings {
  /** The node's length: the scope that holds it is found by position. */
  length: number;
  ops: BindingOp[];
}

type BindingOp =
  /** Binds `name` in the scope of the node, or of the range `in` (a loop's targets); `functionOnly`: only there. */
  | { op: 'bind'; name: string; kind: 'import'; qualified: string; at: number; in?: undefined; functionOnly?: undefined }
  | { op: 'bind'; name: string; kind: 'local' | 'deleted'; at: number; in?: RelativeRange; functionOnly?: boolean }
  /** A walrus: binds in the function or module around any comprehensions. */
  | { op: 'walrus'; name: string; at: number }
  | { op: 'star'; module: string; at: number }
  | { op: 'declare'; which: 'globals' | 'nonlocals'; names: string[] };

interface RelativeRange {
  start: number;
  end: number;
}

/** Applies what `bindingsOf` found to the scopes, for the node (or an equal one of an earlier tree) at its position. */
export function applyBindings(bindings: NodeBindings, node: Node, where: ScopeFinder): void {
  const base = node.startIndex;
  let own: Scope | undefined;
  const scope = () => (own ??= where.scopeAt(base, base + bindings.length, node.id));
  for (const op of bindings.ops) {
    switch (op.op) {
      case 'bind': {
        const target = op.in ? where.scopeAt(base + op.in.start, base + op.in.end) : scope();
        if (op.functionOnly && !isFunctionLike(target)) break;
        const at = base + op.at;
        addBinding(target, op.name, op.kind === 'import' ? { kind: 'import', qualified: op.qualified, node, at } : { kind: op.kind, node, at });
        break;
      }
      case 'walrus': {
        let target = scope();
        if (target.kind === 'comprehension') target.walrus.add(pythonName(op.name));
        while (target.kind === 'comprehension' && target.parent) target = target.parent;
        addBinding(target, op.name, { kind: 'local', node, at: base + op.at });
        break;
      }
      case 'star':
        where.module.stars.push({ kind: 'star', module: op.module, node, at: base + op.at });
        break;
      case 'declare': {
        const declared = op.which === 'globals' ? scope().globals : scope().nonlocals;
        for (const name of op.names) declared.add(pythonName(name));
        break;
      }
    }
  }
}

/** What a node of `type` binds, declares or deletes, read from the tree. */
export function bindingsOf(node: Node, type: string): NodeBindings {
  const start = node.startIndex;
  const end = node.endIndex;
  const ops: BindingOp[] = [];
  const bind = (name: string, kind: 'local' | 'deleted', at: number, range?: Node) =>
    ops.push({ op: 'bind', name, kind, at: at - start, in: range && { start: range.startIndex - start, end: range.endIndex - start } });
  const imported = (name: string, qualified: string) => ops.push({ op: 'bind', name, kind: 'import', qualified, at: end - start });
  switch (type) {
    case 'import_statement':
      for (const child of node.childrenForFieldName('name')) {
        const local = child ? importBoundName(type, child) : undefined;
        if (local === undefined) continue;
        // `import os.path` binds `os`, which refers to the package itself.
        imported(local, child!.type === 'aliased_import' ? dottedName(child!.childForFieldName('name')) : local);
      }
      break;
    case 'import_from_statement':
    case 'future_import_statement': {
      const module = type === 'future_import_statement' ? '__future__' : dottedName(node.childForFieldName('module_name'));
      if (node.namedChildren.some((child) => child?.type === 'wildcard_import')) {
        ops.push({ op: 'star', module, at: end - start });
        break;
      }
      for (const child of node.childrenForFieldName('name')) {
        const name = child?.type === 'aliased_import' ? child.childForFieldName('name') : child;
        const local = child ? importBoundName(type, child) : undefined;
        if (name && local !== undefined) imported(local, `${module}.${dottedName(name)}`);
      }
      break;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = node.childForFieldName('name');
      if (name) bind(name.text, 'local', end);
      break;
    }
    case 'assignment': {
      const left = node.childForFieldName('left');
      // `x: int` without a value binds nothing at run time, but makes a plain `x` local to a function.
      if (node.childForFieldName('right')) bindTargets(left, end, bind);
      else if (left?.type === 'identifier') ops.push({ op: 'bind', name: left.text, kind: 'local', at: end - start, functionOnly: true });
      break;
    }
    case 'augmented_assignment':
      bindTargets(node.childForFieldName('left'), end, bind);
      break;
    case 'for_statement':
    case 'for_in_clause': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left) bindTargets(left, right?.endIndex ?? end, (name, kind, at) => bind(name, kind, at, left));
      break;
    }
    case 'with_item': {
      const alias = asAlias(node.childForFieldName('value'));
      if (alias) bindTargets(alias.namedChildren[0], end, bind);
      break;
    }
    case 'except_clause': {
      const pattern = node.namedChildren.find((child) => child?.type === 'as_pattern');
      const name = asAlias(pattern)?.namedChildren[0];
      if (pattern && name?.type === 'identifier') {
        // Python deletes the name when the handler ends, so that the traceback can be freed.
        bind(name.text, 'local', pattern.endIndex);
        bind(name.text, 'deleted', end);
      }
      break;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      if (name?.type === 'identifier') ops.push({ op: 'walrus', name: name.text, at: end - start });
      break;
    }
    case 'global_statement':
    case 'nonlocal_statement': {
      const names = node.namedChildren.filter((child) => child?.type === 'identifier').map((child) => child!.text);
      ops.push({ op: 'declare', which: type === 'global_statement' ? 'globals' : 'nonlocals', names });
      break;
    }
    case 'delete_statement':
      for (const target of node.namedChildren) deleteTargets(target, (name) => bind(name, 'deleted', end));
      break;
    case 'case_clause': {
      const captures: Node[] = [];
      let at = start;
      for (const child of node.namedChildren) {
        if (child?.type !== 'case_pattern') continue;
        patternCaptures(child, captures);
        at = child.endIndex;
      }
      for (const name of captures) bind(name.text, 'local', at);
      break;
    }
    case 'type_alias_statement': {
      const name = typeAliasName(node);
      if (name) bind(name.text, 'local', end);
      break;
    }
  }
  return { length: end - start, ops };
}

/** The `as_pattern_target` of `x as y` in a with item or except clause. */
function asAlias(pattern: Node | null | undefined): Node | undefined {
  if (pattern?.type !== 'as_pattern') return undefined;
  return pattern.childForFieldName('alias') ?? undefined;
}

/** The targets that hold other targets: `a, b = ...`, `[a, *rest] = ...`, `(a) = ...`. */
const TARGET_LISTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat']);

/** The names a target binds: through tuples and lists, never `x.attr` or `x[k]` (which change an object, not bind `x`). */
export function targetNames(target: Node | null | undefined): string[] {
  if (!target) return [];
  if (target.type === 'identifier') return [target.text];
  return TARGET_LISTS.has(target.type) ? target.namedChildren.flatMap((child) => targetNames(child)) : [];
}

function bindTargets(target: Node | null | undefined, at: number, bind: (name: string, kind: 'local', at: number) => void): void {
  if (!target) return;
  if (target.type === 'identifier') bind(target.text, 'local', at);
  else if (TARGET_LISTS.has(target.type)) for (const child of target.namedChildren) bindTargets(child, at, bind);
}

function deleteTargets(target: Node | null | undefined, remove: (name: string) => void): void {
  if (!target) return;
  if (target.type === 'identifier') remove(target.text);
  else if (TARGET_LISTS.has(target.type)) for (const child of target.namedChildren) deleteTargets(child, remove);
}

/**
 * The names a match pattern captures: bare names (`case x`, `Point(x=a)`),
 * `as` names, `*rest` and `**rest`; never `_`, dotted value patterns
 * (`Color.RED`), class names or keyword names.
 */
export function patternCaptures(pattern: Node, out: Node[]): void {
  const capture = (name: Node | null | undefined) => {
    if (name?.type === 'identifier' && name.text !== '_') out.push(name);
  };
  switch (pattern.type) {
    case 'dotted_name':
      if (pattern.namedChildCount === 1) capture(pattern.namedChildren[0]);
      return;
    case 'splat_pattern':
      capture(pattern.namedChildren[0]);
      return;
    case 'class_pattern':
      for (const child of pattern.namedChildren.slice(1)) if (child) patternCaptures(child, out);
      return;
    case 'keyword_pattern':
      for (const child of pattern.namedChildren.slice(1)) if (child) patternCaptures(child, out);
      return;
    case 'as_pattern':
      for (const child of pattern.namedChildren) {
        if (child?.type === 'identifier') capture(child);
        else if (child) patternCaptures(child, out);
      }
      return;
    case 'dict_pattern': {
      const keys = new Set(pattern.childrenForFieldName('key').map((key) => key?.id));
      for (const child of pattern.namedChildren) if (child && !keys.has(child.id)) patternCaptures(child, out);
      return;
    }
    default:
      for (const child of pattern.namedChildren) if (child) patternCaptures(child, out);
  }
}

/** Binds a function's or lambda's parameters in its own scope; returns the names bound. */
export function recordParameters(fn: Node, scope: Scope, names?: ParameterNames): ParameterNames {
  if (names) {
    // Known names (kept from the last edit): a parameter's node is read from the tree only if a rule asks for it.
    for (const { index, name } of names) addBinding(scope, name, new LazyParameter(fn, index));
    return names;
  }
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const list = params.namedChildren;
  const found = parameterNames(list);
  for (const { index, name } of found) addBinding(scope, name, { kind: 'local', node: list[index]!, at: -1 });
  return found;
}

/** A parameter's binding whose node is found on first use. */
class LazyParameter {
  readonly kind = 'local';
  readonly at = -1;
  private found: Node | undefined;

  constructor(
    private readonly fn: Node,
    private readonly index: number,
  ) {}

  get node(): Node {
    return (this.found ??= this.fn.childForFieldName('parameters')!.namedChildren[this.index]!);
  }
}

/**
 * The name each of a function's or lambda's parameters binds, by the
 * parameter's index among its list's named children: it follows from the
 * function's text, so an editor keeps it per statement (modelMemo.ts)
 * and after an edit elsewhere a parameter is read from the tree only if
 * a rule asks for its node.
 */
export type ParameterNames = readonly { index: number; name: string }[];

function parameterNames(list: readonly (Node | null)[]): ParameterNames {
  const names: { index: number; name: string }[] = [];
  list.forEach((param, index) => {
    const name = param ? parameterName(param) : undefined;
    if (name) names.push({ index, name: name.text });
  });
  return names;
}

function parameterName(param: Node): Node | undefined {
  switch (param.type) {
    case 'identifier':
      return param;
    case 'default_parameter':
    case 'typed_default_parameter':
      return param.childForFieldName('name') ?? undefined;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const inner = param.namedChildren.find((child) => child?.type !== 'type');
      return inner ? parameterName(inner) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The name one of an import statement's `name` children binds: `import a.b`
 * binds `a` (its first name: the text may hold blanks and continuations),
 * `import a.b as c` and `from m import x as c` bind `c`, `from m import x`
 * binds `x`. The file model and the rules that read imports themselves
 * all ask here.
 */
export function importBoundName(statementType: string, child: Node): string | undefined {
  if (child.type === 'aliased_import') return child.childForFieldName('alias')?.text;
  if (child.type !== 'dotted_name') return undefined;
  return statementType === 'import_statement' ? child.namedChildren[0]?.text : child.text;
}

/**
 * A dotted name as Python reads it: `a . b` and `a \` (a line continuation)
 * `.b` are `a.b`. Only names, dots, blanks and continuations can stand in one.
 */
export function dottedName(node: Node | null | undefined): string {
  return node ? node.text.replace(/[\s\\]/g, '') : '';
}

/** Binds `def f[T, *Ts, **P]` type parameters in their annotation scope. */
export function recordTypeParameters(definition: Node, scope: Scope): void {
  const params = definition.childForFieldName('type_parameters');
  for (const type of params?.namedChildren ?? []) {
    const name = firstIdentifier(type);
    if (name) addBinding(scope, name.text, { kind: 'local', node: type!, at: -1 });
  }
}

/**
 * The name `type X = ...` or `type X[T] = ...` defines. The grammar also
 * reads `type(x).attr = value` as a type alias: no name is defined there.
 */
export function typeAliasName(statement: Node): Node | undefined {
  const left = statement.childForFieldName('left')?.namedChildren[0];
  if (left?.type === 'identifier') return left;
  if (left?.type === 'generic_type' && left.namedChildren[0]?.type === 'identifier') return left.namedChildren[0];
  return undefined;
}

function firstIdentifier(node: Node | null | undefined): Node | undefined {
  for (let current = node; current; current = current.namedChildren[0]) {
    if (current.type === 'identifier') return current;
  }
  return undefined;
}
