import { type Node, type Tree } from '../parse/python';
import { LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { lookup, recordBindings, recordParameters, SCOPE_TYPES, type Binding, type Scope } from './scopes';

/** Node types the walk keeps for rules; nothing else is handed to JavaScript. */
const COLLECTED = new Set([
  'call', 'except_clause', 'import_statement', 'import_from_statement', 'string', 'concatenated_string',
  'binary_operator', 'class_definition', 'function_definition', 'assignment', 'augmented_assignment',
  'global_statement', 'delete_statement', 'for_statement', 'for_in_clause', 'as_pattern_target',
  'named_expression', 'nonlocal_statement', 'lambda', 'comment',
]);
// 'ERROR' cannot be listed: web-tree-sitter's descendantsOfType then returns nothing at all.
const COLLECTED_TYPES = [...COLLECTED];

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

  /**
   * Collects the wanted nodes in one call into the parser's WebAssembly,
   * which walks the tree natively and hands back only those nodes (stepping
   * a cursor from JavaScript costs a boundary crossing per node). Nodes come
   * in document order, so a stack of open scopes gives each node its scope.
   */
  private walk(): void {
    const open: { end: number; scope: Scope }[] = [{ end: Infinity, scope: this.module }];
    for (const node of this.tree.rootNode.descendantsOfType(COLLECTED_TYPES)) {
      if (!node) continue;
      while (node.startIndex >= open[open.length - 1].end) open.pop();
      const type = node.type;
      let list = this.byType.get(type);
      if (!list) this.byType.set(type, (list = []));
      list.push(node);
      const scope = open[open.length - 1].scope;
      recordBindings(node, scope);
      if (SCOPE_TYPES.has(type)) {
        const inner: Scope = { kind: scopeKind(type), node, parent: scope, bindings: new Map() };
        if (type !== 'class_definition') recordParameters(node, inner);
        this.scopes.set(node.id, inner);
        open.push({ end: node.endIndex, scope: inner });
      }
    }
  }
}

function scopeKind(type: string): Scope['kind'] {
  if (type === 'class_definition') return 'class';
  if (type === 'lambda') return 'lambda';
  return 'function';
}
