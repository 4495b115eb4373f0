import type { Node } from './parse';
import { addBinding, isFunctionLike, pythonName, type Scope } from './scopes';

/** Where bindings go: the scope that holds a node, found by position. */
export interface ScopeFinder {
  scopeOf(node: Node): Scope;
  readonly module: Scope;
}

/** The node types whose nodes bind or declare names; the file walk collects them and calls `recordBindings`. */
export const BINDING_TYPES = [
  'import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition',
  'assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'with_item', 'except_clause',
  'named_expression', 'global_statement', 'nonlocal_statement', 'delete_statement', 'case_clause', 'type_alias_statement',
];

/** Records the names one statement or expression binds, declares or deletes. */
export function recordBindings(node: Node, where: ScopeFinder): void {
  const scope = () => where.scopeOf(node);
  switch (node.type) {
    case 'import_statement':
      for (const child of node.childrenForFieldName('name')) {
        if (child?.type === 'aliased_import') {
          const alias = child.childForFieldName('alias');
          const name = child.childForFieldName('name')?.text ?? '';
          if (alias) addBinding(scope(), alias.text, { kind: 'import', qualified: name, node, at: node.endIndex });
        } else if (child?.type === 'dotted_name') {
          // `import os.path` binds `os`, which refers to the package itself.
          const first = child.text.split('.')[0].trim();
          addBinding(scope(), first, { kind: 'import', qualified: first, node, at: node.endIndex });
        }
      }
      return;
    case 'import_from_statement':
    case 'future_import_statement': {
      const module = node.type === 'future_import_statement' ? '__future__' : (node.childForFieldName('module_name')?.text ?? '');
      if (node.namedChildren.some((child) => child?.type === 'wildcard_import')) {
        where.module.stars.push({ kind: 'star', module, node, at: node.endIndex });
        return;
      }
      for (const child of node.childrenForFieldName('name')) {
        const name = child?.type === 'aliased_import' ? child.childForFieldName('name') : child;
        const local = child?.type === 'aliased_import' ? child.childForFieldName('alias') : child;
        if (name && local) addBinding(scope(), local.text, { kind: 'import', qualified: `${module}.${name.text}`, node, at: node.endIndex });
      }
      return;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = node.childForFieldName('name');
      if (name) addBinding(scope(), name.text, { kind: 'local', node, at: node.endIndex });
      return;
    }
    case 'assignment': {
      const target = scope();
      const left = node.childForFieldName('left');
      // `x: int` without a value binds nothing at run time, but makes a plain `x` local to a function.
      if (node.childForFieldName('right') || (isFunctionLike(target) && left?.type === 'identifier')) bindTargets(left, target, node, node.endIndex);
      return;
    }
    case 'augmented_assignment':
      bindTargets(node.childForFieldName('left'), scope(), node, node.endIndex);
      return;
    case 'for_statement':
    case 'for_in_clause': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left) bindTargets(left, where.scopeOf(left), node, right?.endIndex ?? node.endIndex);
      return;
    }
    case 'with_item': {
      const alias = asAlias(node.childForFieldName('value'));
      if (alias) bindTargets(alias.namedChildren[0], scope(), node, node.endIndex);
      return;
    }
    case 'except_clause': {
      const pattern = node.namedChildren.find((child) => child?.type === 'as_pattern');
      const name = asAlias(pattern)?.namedChildren[0];
      if (pattern && name?.type === 'identifier') {
        // Python deletes the name when the handler ends, so that the traceback can be freed.
        addBinding(scope(), name.text, { kind: 'local', node, at: pattern.endIndex });
        addBinding(scope(), name.text, { kind: 'deleted', node, at: node.endIndex });
      }
      return;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      if (name?.type !== 'identifier') return;
      // A walrus in a comprehension binds in the function (or module) around it.
      let target = scope();
      if (target.kind === 'comprehension') target.walrus.add(pythonName(name.text));
      while (target.kind === 'comprehension' && target.parent) target = target.parent;
      addBinding(target, name.text, { kind: 'local', node, at: node.endIndex });
      return;
    }
    case 'global_statement':
    case 'nonlocal_statement': {
      const declared = node.type === 'global_statement' ? scope().globals : scope().nonlocals;
      for (const child of node.namedChildren) if (child?.type === 'identifier') declared.add(pythonName(child.text));
      return;
    }
    case 'delete_statement':
      for (const target of node.namedChildren) deleteTargets(target, scope(), node);
      return;
    case 'case_clause': {
      const captures: Node[] = [];
      let end = node.startIndex;
      for (const child of node.namedChildren) {
        if (child?.type !== 'case_pattern') continue;
        patternCaptures(child, captures);
        end = child.endIndex;
      }
      for (const name of captures) addBinding(scope(), name.text, { kind: 'local', node, at: end });
      return;
    }
    case 'type_alias_statement': {
      const name = typeAliasName(node);
      if (name) addBinding(scope(), name.text, { kind: 'local', node, at: node.endIndex });
      return;
    }
    default:
      return;
  }
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

function bindTargets(target: Node | null | undefined, scope: Scope, node: Node, at: number): void {
  if (!target) return;
  if (target.type === 'identifier') addBinding(scope, target.text, { kind: 'local', node, at });
  else if (TARGET_LISTS.has(target.type)) for (const child of target.namedChildren) bindTargets(child, scope, node, at);
}

function deleteTargets(target: Node | null | undefined, scope: Scope, node: Node): void {
  if (!target) return;
  if (target.type === 'identifier') addBinding(scope, target.text, { kind: 'deleted', node, at: node.endIndex });
  else if (TARGET_LISTS.has(target.type)) for (const child of target.namedChildren) deleteTargets(child, scope, node);
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

/** Binds a function's or lambda's parameters in its own scope. */
export function recordParameters(fn: Node, scope: Scope): void {
  const params = fn.childForFieldName('parameters');
  if (!params) return;
  for (const param of params.namedChildren) {
    const name = param ? parameterName(param) : undefined;
    if (name) addBinding(scope, name.text, { kind: 'local', node: param!, at: -1 });
  }
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
