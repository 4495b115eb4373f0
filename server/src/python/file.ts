import { type Node, type Tree } from './parse';
import { LineIndex } from '../core/text';
import type { Range } from '../core/types';
import { applyBindings, BINDING_TYPES, bindingsOf, recordParameters, recordTypeParameters } from './bindings';
import { collectNodes } from './keptNodes';
import { keptBindings, keptCallee, keptParameters, MAX_REMEMBERED_CHARS, nodeFacts, type NodeFacts, type ScopeShape } from './modelMemo';
import { finishScopes, newScope, resolve, type Binding, type Scope, type ScopeKind } from './scopes';

/**
 * Node types the walk keeps for rules; nothing else is handed to JavaScript.
 * Not `string`: the most numerous type, and no rule lists every string
 * (nodes('string') would still collect them on demand).
 */
const COLLECTED = new Set([
  ...BINDING_TYPES, 'as_pattern_target', 'call', 'concatenated_string', 'binary_operator', 'lambda', 'comment', 'interpolation',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'while_statement',
]);

/** The node types that open a scope of their own, and its kind. */
const SCOPE_KINDS: Readonly<Record<string, ScopeKind>> = {
  function_definition: 'function',
  class_definition: 'class',
  lambda: 'lambda',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
};
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
  private statements: readonly Node[] | undefined;
  /** In an editor, the kept facts of each call of nodes('call'), in the same order. */
  private callFacts: NodeFacts[] | undefined;
  /** The text each scope but the module's governs, outermost first. */
  private readonly spans: ScopeSpan[] = [];
  /** The offset ranges statement-local rules check (an editor's edited statements); undefined: all. */
  private checkedRanges: { start: number; end: number }[] | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
    readonly isTest: boolean,
    /** The project root (the pyproject.toml's folder), where first-party packages live, as Ruff's `src = ["."]`. */
    readonly projectRoot?: string,
    /** An editor's: the previous tree, edited and parsed from; what the model derives is kept for the next edit. */
    incremental?: { previous?: Tree },
  ) {
    this.lines = new LineIndex(text);
    this.module = newScope('module', tree.rootNode);
    this.walk(incremental);
  }

  /**
   * The module's own statements and comments, in order: asked of the tree
   * once per file (tree.rootNode is a new node at every call, which fetches
   * its children again).
   */
  topLevel(): readonly Node[] {
    return (this.statements ??= this.tree.rootNode.namedChildren.filter((node): node is Node => node !== null));
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

  /** Restricts `checked` to these offset ranges; undefined lifts the restriction. */
  checkOnly(ranges: { start: number; end: number }[] | undefined): void {
    this.checkedRanges = ranges;
  }

  /** The nodes a statement-local rule checks: those starting in the checked ranges (all, unless an editor restricted them). */
  checked(nodes: readonly Node[]): readonly Node[] {
    const ranges = this.checkedRanges;
    if (!ranges) return nodes;
    return nodes.filter((node) => ranges.some((range) => range.start <= node.startIndex && node.startIndex < range.end));
  }

  /**
   * The calls whose callee ends in one of `names` (`print(...)`,
   * `x.y.now(...)` for 'now'), from an index built once per file, so each
   * rule looks only at the calls that can concern it.
   */
  calls(...names: string[]): Node[] {
    if (!this.callIndex) {
      this.callIndex = new Map();
      const aliases = this.importAliases();
      const calls = this.nodes('call');
      for (let i = 0; i < calls.length; i++) {
        const call = calls[i];
        const facts = this.callFacts?.[i];
        const callee = !facts ? calleeOf(call) : facts.callee !== undefined ? facts.callee : (facts.callee = keptCallee(calleeOf(call)));
        if (!callee) continue;
        const name = callee.name;
        // `from requests import get as fetch`: `fetch(...)` is filed under `get` as well.
        const imported = callee.bare ? aliases.get(name) : undefined;
        for (const key of imported ? [name, ...imported] : [name]) {
          let list = this.callIndex.get(key);
          if (!list) this.callIndex.set(key, (list = []));
          list.push(call);
        }
      }
    }
    const found = names.flatMap((name) => this.callIndex!.get(name) ?? []);
    return names.length > 1 ? found.sort((a, b) => a.startIndex - b.startIndex) : found;
  }

  /**
   * For each name some import in any scope binds under another name, the
   * imported names (`fetch` → `get`): the call index files calls under both,
   * and each rule then resolves the callee where it stands.
   */
  private importAliases(): Map<string, Set<string>> {
    const aliases = new Map<string, Set<string>>();
    const visit = (scope: Scope) => {
      for (const [local, list] of scope.history) {
        for (const binding of list) {
          const imported = binding.kind === 'import' ? binding.qualified.split('.').pop() : undefined;
          if (!imported || imported === local) continue;
          let set = aliases.get(local);
          if (!set) aliases.set(local, (set = new Set()));
          set.add(imported);
        }
      }
      scope.children.forEach(visit);
    };
    visit(this.module);
    return aliases;
  }

  range(node: Node): Range {
    return this.lines.range(node.startIndex, node.endIndex);
  }

  /**
   * The innermost scope that holds `node`: a function's or class's body
   * (its parameters' defaults and annotations, its decorators and bases run
   * in the enclosing scope), a comprehension but for its first iterable. A
   * scope's own node belongs to the enclosing scope. Found by position,
   * since asking tree-sitter for a node's parent walks down from the root.
   */
  scopeOf(node: Node): Scope {
    return this.scopeAt(node.startIndex, node.endIndex, node.id);
  }

  /** The innermost scope that holds [start, end), as scopeOf does for the node `id` there. */
  scopeAt(start: number, end: number, id?: number): Scope {
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
    while (span && (span.end < end || (!span.hole && span.start === start && span.end === end && span.scope.node.id === id))) span = span.outer;
    if (!span) return this.module;
    return span.hole ? (span.scope.parent ?? this.module) : span.scope;
  }

  binding(name: string, at: Node): Binding | undefined {
    return resolve(name, this.scopeOf(at), at.startIndex);
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
      if (binding.kind === 'import') return binding.qualified;
      // After `from m import *` an unexplained name is taken to come from m, unless it is a builtin.
      if (binding.kind === 'star') return BUILTINS.has(node.text) ? `builtins.${node.text}` : `${binding.module}.${node.text}`;
      return undefined;
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
   * a def or a class): Python's indentation puts exactly those at column 0
   * (after a byte-order mark on the first line).
   */
  isTopLevel(node: Node): boolean {
    // A byte-order mark is the only thing before the first statement's column.
    const column = node.startPosition.column === 0 || (node.startIndex === 1 && this.text.startsWith('\ufeff'));
    return column && this.scopeOf(node) === this.module;
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
   * a cursor from JavaScript costs a boundary crossing per node); an editor
   * collects only the statements an edit rebuilt (keptNodes.ts). Then opens
   * the scopes, nests them by position, and records every binding; what each
   * node tells (its type, bindings, scope, callee) is read from the tree once
   * per statement text in an editor (modelMemo.ts).
   */
  private walk(incremental: { previous?: Tree } | undefined): void {
    const opened: { scope: Scope; annotation?: Scope; facts?: NodeFacts }[] = [];
    const binders: { node: Node; facts?: NodeFacts }[] = [];
    // Only an editor keeps nodes and facts: elsewhere they would outlive the walk for nothing.
    const keep = incremental !== undefined && this.text.length <= MAX_REMEMBERED_CHARS;
    const nodes = collectNodes(this.tree, COLLECTED_TYPES, this.topLevel(), keep, incremental?.previous);
    const memo = incremental ? nodeFacts(this.text, this.tree, this.topLevel(), nodes, incremental.previous) : undefined;
    if (memo) this.callFacts = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const facts = memo?.[i];
      const type = facts ? facts.type : node.type;
      // `lambda` names a node and its keyword token alike: keep the node.
      if (facts ? facts.keyword : type === 'lambda' && !node.isNamed) continue;
      let list = this.byType.get(type);
      if (!list) this.byType.set(type, (list = []));
      list.push(node);
      if (facts && type === 'call') this.callFacts!.push(facts);
      if (BINDING_SET.has(type)) binders.push({ node, facts });
      const kind = SCOPE_KINDS[type];
      if (kind) opened.push(this.openScope(node, kind, facts));
    }
    this.nestSpans();
    for (const { scope, annotation, facts } of opened) {
      const outer = this.scopeOf(scope.node);
      if (annotation) {
        link(annotation, outer);
        link(scope, annotation);
        recordTypeParameters(scope.node, annotation);
      } else {
        link(scope, outer);
      }
      if (scope.kind !== 'class' && scope.kind !== 'comprehension') {
        // New facts take the names this first reading binds: the parameter list is read from the tree once.
        const names = recordParameters(scope.node, scope, facts?.parameters);
        if (facts && !facts.parameters) facts.parameters = keptParameters(names);
      }
    }
    for (const { node, facts } of binders) applyBindings(facts ? (facts.bindings ??= keptBindings(bindingsOf(node, facts.type))) : bindingsOf(node, node.type), node, this);
    finishScopes(this.module);
  }

  /** Creates a scope and the spans of text it governs (its parent is linked once all spans are known), with the facts it was read from. */
  private openScope(node: Node, kind: ScopeKind, facts: NodeFacts | undefined): { scope: Scope; annotation?: Scope; facts?: NodeFacts } {
    const scope = newScope(kind, node);
    const shape = facts ? (facts.scope ??= scopeShape(node, kind)) : scopeShape(node, kind);
    const base = node.startIndex;
    if (shape.body) this.spans.push({ start: base + shape.body.start, end: base + shape.body.end, scope });
    // A comprehension's first iterable is evaluated in the enclosing scope.
    if (shape.firstIterable) this.spans.push({ start: base + shape.firstIterable.start, end: base + shape.firstIterable.end, scope, hole: true });
    if (shape.typeParameters === undefined) return { scope, facts };
    const annotation = newScope('annotation', node);
    this.spans.push({ start: base + shape.typeParameters, end: base + shape.length, scope: annotation });
    return { scope, annotation, facts };
  }

  /** Sorts the spans outermost first and links each to the span around it. */
  private nestSpans(): void {
    const order = new Map(this.spans.map((span, index) => [span, index]));
    this.spans.sort((a, b) => a.start - b.start || b.end - a.end || order.get(a)! - order.get(b)!);
    const stack: ScopeSpan[] = [];
    for (const span of this.spans) {
      while (stack.length > 0 && stack[stack.length - 1].end < span.end) stack.pop();
      span.outer = stack[stack.length - 1];
      stack.push(span);
    }
  }
}

const BINDING_SET = new Set(BINDING_TYPES);

/** The text a scope's node governs, read from the tree. */
function scopeShape(node: Node, kind: ScopeKind): ScopeShape {
  const start = node.startIndex;
  const relative = (part: Node | null | undefined) => part && { start: part.startIndex - start, end: part.endIndex - start };
  const body = kind === 'comprehension' ? node : node.childForFieldName('body');
  const first = kind === 'comprehension' ? node.namedChildren.find((child) => child?.type === 'for_in_clause')?.childForFieldName('right') : undefined;
  const typeParameters = kind === 'function' || kind === 'class' ? node.childForFieldName('type_parameters') : null;
  return { length: node.endIndex - start, body: relative(body) ?? undefined, firstIterable: relative(first) ?? undefined, typeParameters: typeParameters ? typeParameters.startIndex - start : undefined };
}

/** The name the call index files a call under: a bare callee's name, or an attribute's (`x.y.now` → `now`). */
function calleeOf(call: Node): NodeFacts['callee'] {
  const fn = call.childForFieldName('function');
  const type = fn?.type;
  const name = type === 'identifier' ? fn!.text : type === 'attribute' ? fn!.childForFieldName('attribute')?.text : undefined;
  return name ? { name, bare: type === 'identifier' } : null;
}

/** Python's builtin functions and constants: modules do not re-export these through `import *`. */
const BUILTINS = new Set([
  'abs', 'aiter', 'all', 'anext', 'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr',
  'classmethod', 'compile', 'complex', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec', 'filter', 'float',
  'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'input', 'int', 'isinstance',
  'issubclass', 'iter', 'len', 'list', 'locals', 'map', 'max', 'memoryview', 'min', 'next', 'object', 'oct', 'open', 'ord',
  'pow', 'print', 'property', 'range', 'repr', 'reversed', 'round', 'set', 'setattr', 'slice', 'sorted', 'staticmethod',
  'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip', '__import__',
]);

function link(scope: Scope, parent: Scope): void {
  scope.parent = parent;
  parent.children.push(scope);
}

interface ScopeSpan {
  start: number;
  end: number;
  scope: Scope;
  /** A comprehension's first iterable: it belongs to the scope around the comprehension. */
  hole?: boolean;
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

