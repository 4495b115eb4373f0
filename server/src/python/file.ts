import { type Node, type Tree } from './parse';
import { LineIndex } from '../core/text';
import type { Range } from '../core/types';
import { lookup, recordBindings, recordParameters, SCOPE_TYPES, type Binding, type Scope } from './scopes';

/** Node types the walk keeps for rules; nothing else is handed to JavaScript. */
const COLLECTED = new Set([
  'call', 'except_clause', 'import_statement', 'import_from_statement', 'string', 'concatenated_string',
  'binary_operator', 'class_definition', 'function_definition', 'assignment', 'augmented_assignment',
  'global_statement', 'delete_statement', 'for_statement', 'for_in_clause', 'as_pattern_target',
  'named_expression', 'nonlocal_statement', 'lambda', 'comment', 'future_import_statement', 'interpolation',
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
  private callIndex: Map<string, Node[]> | undefined;
  /** Every scope but the module's, in document order, with its extent. */
  private readonly spans: ScopeSpan[] = [];

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

  /**
   * Every node of a type, in document order. Types outside the one walk are
   * collected on first request, so no type is ever silently empty.
   */
  nodes(type: string): readonly Node[] {
    let list = this.byType.get(type);
    if (!list) {
      list = COLLECTED.has(type) ? [] : collectType(this.tree, type);
      this.byType.set(type, list);
    }
    return list;
  }

  /**
   * The calls whose callee ends in one of `names` (`print(...)`,
   * `x.y.now(...)` for 'now'), from an index built once per file, so each
   * rule looks only at the calls that can concern it.
   */
  calls(...names: string[]): Node[] {
    if (!this.callIndex) {
      this.callIndex = new Map();
      for (const call of this.nodes('call')) {
        const fn = call.childForFieldName('function');
        const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
        if (!name) continue;
        // `from requests import get as fetch`: `fetch(...)` is filed under `get` as well.
        const binding = fn?.type === 'identifier' ? this.module.bindings.get(name) : undefined;
        const imported = binding?.kind === 'import' ? binding.qualified.split('.').pop() : undefined;
        for (const key of imported && imported !== name ? [name, imported] : [name]) {
          let list = this.callIndex.get(key);
          if (!list) this.callIndex.set(key, (list = []));
          list.push(call);
        }
      }
    }
    const found = names.flatMap((name) => this.callIndex!.get(name) ?? []);
    return names.length > 1 ? found.sort((a, b) => a.startIndex - b.startIndex) : found;
  }

  range(node: Node): Range {
    return this.lines.range(node.startIndex, node.endIndex);
  }

  /**
   * The innermost scope that holds `node` (a scope's own definition node
   * belongs to the enclosing scope). Found by position, since asking
   * tree-sitter for a node's parent walks down from the root each time.
   */
  scopeOf(node: Node): Scope {
    const start = node.startIndex;
    const end = node.endIndex;
    let lo = 0;
    let hi = this.spans.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid].start <= start) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    let span = found >= 0 ? this.spans[found] : undefined;
    while (span && (span.end < end || (span.start === start && span.end === end && span.scope.node.id === node.id))) span = span.outer;
    return span?.scope ?? this.module;
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

  /**
   * True for a statement of the module body itself (not under `if`, `try`,
   * a def or a class): Python's indentation puts exactly those at column 0.
   */
  isTopLevel(node: Node): boolean {
    return node.startPosition.column === 0 && this.scopeOf(node) === this.module;
  }

  /** The nearest enclosing function definition, if any. */
  enclosingFunction(node: Node): Node | undefined {
    return this.enclosing(node, (scope) => scope.kind === 'function');
  }

  /** The innermost function or lambda that `node` runs in, if any. */
  enclosingCallable(node: Node): Node | undefined {
    return this.enclosing(node, (scope) => scope.kind === 'function' || scope.kind === 'lambda');
  }

  private enclosing(node: Node, test: (scope: Scope) => boolean): Node | undefined {
    for (let scope: Scope | undefined = this.scopeOf(node); scope; scope = scope.parent) {
      if (test(scope)) return scope.node;
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
    const open: { end: number; scope: Scope; span?: ScopeSpan }[] = [{ end: Infinity, scope: this.module }];
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
        const span: ScopeSpan = { start: node.startIndex, end: node.endIndex, scope: inner, outer: open[open.length - 1].span };
        this.spans.push(span);
        open.push({ end: span.end, scope: inner, span });
      }
    }
  }
}

interface ScopeSpan {
  start: number;
  end: number;
  scope: Scope;
  outer?: ScopeSpan;
}

/** The nodes of one type by a native walk; 'ERROR' nodes by a cursor walk, since descendantsOfType cannot find them. */
function collectType(tree: Tree, type: string): Node[] {
  // A misspelt type would otherwise read as "none in this file".
  if (type !== 'ERROR' && tree.language.idForNodeType(type, true) === null) throw new Error(`tree-sitter-python has no node type '${type}'`);
  if (type !== 'ERROR') return tree.rootNode.descendantsOfType(type).filter((node): node is Node => node !== null);
  const found: Node[] = [];
  const cursor = tree.walk();
  let more = true;
  while (more) {
    if (cursor.nodeType === 'ERROR') found.push(cursor.currentNode);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        more = false;
        break;
      }
    }
  }
  cursor.delete();
  return found;
}

function scopeKind(type: string): Scope['kind'] {
  if (type === 'class_definition') return 'class';
  if (type === 'lambda') return 'lambda';
  return 'function';
}
