import { type Node, type Tree } from '../parse/python';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { lookup, recordBindings, recordParameters, SCOPE_TYPES, type Binding, type Scope } from './scopes';

/** Node types the walk keeps for rules; everything else is visited without allocating nodes. */
const COLLECTED = new Set([
  'call', 'except_clause', 'import_statement', 'import_from_statement', 'string', 'concatenated_string',
  'binary_operator', 'class_definition', 'function_definition', 'assignment', 'augmented_assignment',
  'global_statement', 'delete_statement', 'for_statement', 'for_in_clause', 'as_pattern_target',
  'named_expression', 'nonlocal_statement', 'lambda', 'comment', 'ERROR',
]);

/**
 * One parsed Python file and what every rule needs to know about it: its
 * nodes by type (from one walk), its scopes and imports, whether it is a test.
 */
export class PythonFile {
  readonly lines: LineIndex;
  readonly module: Scope;
  private readonly byType = new Map<string, Node[]>();
  private readonly scopes = new Map<number, Scope>();

  constructor(
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
    readonly isTest: boolean,
  ) {
    this.lines = new LineIndex(text);
    this.module = { kind: 'module', node: tree.rootNode, bindings: new Map() };
    this.walk();
  }

  nodes(type: string): readonly Node[] {
    return this.byType.get(type) ?? [];
  }

  range(node: Node): Range {
    return this.lines.range(node.startIndex, node.endIndex);
  }

  /** The innermost scope that holds `node`. */
  scopeOf(node: Node): Scope {
    for (let current = node.parent; current; current = current.parent) {
      if (SCOPE_TYPES.has(current.type)) {
        // A decorator or default value belongs to the enclosing scope, but the body does not.
        const scope = this.scopes.get(current.id);
        if (scope) return scope;
      }
    }
    return this.module;
  }

  binding(name: string, at: Node): Binding | undefined {
    return lookup(name, this.scopeOf(at));
  }

  /**
   * The dotted name an expression refers to: `dt.datetime.now` with
   * `import datetime as dt` is `datetime.datetime.now`; an unbound name is a
   * builtin (`builtins.print`); a local variable gives undefined.
   */
  qualifiedName(node: Node): string | undefined {
    if (node.type === 'identifier') {
      const binding = this.binding(node.text, node);
      if (!binding) return `builtins.${node.text}`;
      return binding.kind === 'import' ? binding.qualified : undefined;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (!object || !attribute) return undefined;
      const base = this.qualifiedName(object);
      return base === undefined ? undefined : `${base}.${attribute.text}`;
    }
    return undefined;
  }

  /** The nearest enclosing function definition, if any. */
  enclosingFunction(node: Node): Node | undefined {
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === 'function_definition') return current;
    }
    return undefined;
  }

  isAsyncFunction(fn: Node): boolean {
    return fn.children.some((child) => child?.type === 'async');
  }

  private walk(): void {
    const cursor = this.tree.walk();
    const scopeStack: { depth: number; scope: Scope }[] = [{ depth: -1, scope: this.module }];
    let depth = 0;
    for (;;) {
      const type = cursor.nodeType;
      if (COLLECTED.has(type)) {
        const node = cursor.currentNode;
        let list = this.byType.get(type);
        if (!list) this.byType.set(type, (list = []));
        list.push(node);
        const scope = scopeStack[scopeStack.length - 1].scope;
        recordBindings(node, scope);
        if (SCOPE_TYPES.has(type)) {
          const inner: Scope = { kind: scopeKind(type), node, parent: scope, bindings: new Map() };
          if (type !== 'class_definition') recordParameters(node, inner);
          this.scopes.set(node.id, inner);
          scopeStack.push({ depth, scope: inner });
        }
      }
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          cursor.delete();
          return;
        }
        depth--;
        while (scopeStack[scopeStack.length - 1].depth >= depth) scopeStack.pop();
      }
      while (scopeStack[scopeStack.length - 1].depth >= depth) scopeStack.pop();
    }
  }
}

function scopeKind(type: string): Scope['kind'] {
  if (type === 'class_definition') return 'class';
  if (type === 'lambda') return 'lambda';
  return 'function';
}
