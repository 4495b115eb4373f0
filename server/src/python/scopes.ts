import type { Node } from './parse';

/** What a name is bound to in one scope. */
export type Binding =
  | { kind: 'import'; qualified: string; node: Node }
  | { kind: 'local'; node: Node }
  | { kind: 'global' };

export interface Scope {
  kind: 'module' | 'function' | 'class' | 'lambda';
  node: Node;
  parent?: Scope;
  bindings: Map<string, Binding>;
}

export const SCOPE_TYPES = new Set(['function_definition', 'class_definition', 'lambda']);

/** Records the names a node binds into `scope`; called once per node during the file walk. */
export function recordBindings(node: Node, scope: Scope): void {
  switch (node.type) {
    case 'import_statement':
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text ?? '';
          const alias = child.childForFieldName('alias');
          if (alias) bind(scope, alias.text, { kind: 'import', qualified: name, node });
        } else if (child.type === 'dotted_name') {
          // `import os.path` binds `os`, which refers to the package itself.
          const first = child.text.split('.')[0];
          bind(scope, first, { kind: 'import', qualified: first, node });
        }
      }
      return;
    case 'import_from_statement': {
      const module = node.childForFieldName('module_name')?.text ?? '';
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text ?? '';
          const alias = child.childForFieldName('alias');
          if (alias) bind(scope, alias.text, { kind: 'import', qualified: `${module}.${name}`, node });
        } else {
          bind(scope, child.text, { kind: 'import', qualified: `${module}.${child.text}`, node });
        }
      }
      return;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = node.childForFieldName('name');
      if (name) bind(scope, name.text, { kind: 'local', node });
      return;
    }
    case 'assignment':
    case 'augmented_assignment':
      bindTargets(node.childForFieldName('left'), scope, node);
      return;
    case 'for_statement':
    case 'for_in_clause':
      bindTargets(node.childForFieldName('left'), scope, node);
      return;
    case 'as_pattern_target':
      bindTargets(node.namedChildren[0], scope, node);
      return;
    case 'named_expression':
      bindTargets(node.childForFieldName('name'), scope, node);
      return;
    case 'global_statement':
    case 'nonlocal_statement':
      for (const child of node.namedChildren) {
        if (child?.type === 'identifier') scope.bindings.set(child.text, { kind: 'global' });
      }
      return;
    default:
      return;
  }
}

/** Binds a function's or lambda's parameters in its own scope. */
export function recordParameters(fn: Node, scope: Scope): void {
  const params = fn.childForFieldName('parameters');
  if (!params) return;
  for (const param of params.namedChildren) {
    if (!param) continue;
    const name = param.type === 'identifier' ? param : (param.childForFieldName('name') ?? param.namedChildren.find((c) => c?.type === 'identifier'));
    if (name?.type === 'identifier') bind(scope, name.text, { kind: 'local', node: param });
  }
}

function bindTargets(target: Node | null | undefined, scope: Scope, node: Node): void {
  if (!target) return;
  if (target.type === 'identifier') {
    bind(scope, target.text, { kind: 'local', node });
    return;
  }
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'expression_list', 'tuple', 'list'].includes(target.type)) {
    for (const child of target.namedChildren) bindTargets(child, scope, node);
  }
}

function bind(scope: Scope, name: string, binding: Binding): void {
  // A `global x` declaration wins over assignments in the same function.
  if (scope.bindings.get(name)?.kind === 'global') return;
  // Bindings are flow-insensitive: an import of a name wins over plain assignments
  // to it, since the rules care about which API a name can refer to.
  if (binding.kind === 'local' && scope.bindings.get(name)?.kind === 'import') return;
  scope.bindings.set(name, binding);
}

/** Looks a name up from `scope` outwards, skipping class bodies as Python does for nested functions. */
export function lookup(name: string, scope: Scope): Binding | undefined {
  let current: Scope | undefined = scope;
  let first = true;
  while (current) {
    if (first || current.kind !== 'class') {
      const binding = current.bindings.get(name);
      if (binding?.kind === 'global') return moduleOf(current).bindings.get(name);
      if (binding) return binding;
    }
    first = false;
    current = current.parent;
  }
  return undefined;
}

function moduleOf(scope: Scope): Scope {
  let current = scope;
  while (current.parent) current = current.parent;
  return current;
}
