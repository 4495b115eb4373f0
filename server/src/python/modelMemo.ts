import { detached } from '../core/text';
import type { NodeBindings, ParameterNames } from './bindings';
import type { Node, Tree } from './parse';

/**
 * What the file model derives from one collected node: its type, what it
 * binds, the spans of the scope it opens, its callee, its parameters' names. All of it follows
 * from the node's text alone, with offsets relative to its start, so an
 * editor keeps it per top-level statement from one edit to the next: the
 * statements an edit left alone are not read from the tree again (each read
 * crosses into the parser's WebAssembly). The nodes themselves are still
 * collected from the new tree, whose nodes are new objects.
 */
export interface NodeFacts {
  type: string;
  /** A `lambda` keyword, which shares its type's name with the expression: not a node the model keeps. */
  keyword?: boolean;
  bindings?: NodeBindings;
  scope?: ScopeShape;
  /** The name the call index files a call under (null: none), and whether the callee is a bare name. */
  callee?: { name: string; bare: boolean } | null;
  /** A function's or lambda's parameters' names. */
  parameters?: ParameterNames;
}

/** The text a scope's node governs, relative to its start: its body, a comprehension's first iterable (evaluated outside), its type parameters to its end. */
export interface ScopeShape {
  length: number;
  body?: { start: number; end: number };
  firstIterable?: { start: number; end: number };
  typeParameters?: number;
}

/** One top-level statement's nodes: where each starts, relative to the statement, and their facts. */
interface Statement {
  starts: number[];
  facts: NodeFacts[];
}

/** Per kept tree, its statements' facts by the statement's text. */
const memos = new WeakMap<Tree, Map<string, Statement>>();

/**
 * Files longer than this keep no facts: those of a 1.8 MB file of 100,000
 * statements held about 80 MB of heap for as long as its tree was kept. Such
 * a file reads every statement's facts again at each edit.
 */
export const MAX_REMEMBERED_CHARS = 1024 * 1024;

/** How many statements' facts a tree keeps for the next edit (for tests and figures). */
export function rememberedStatements(tree: Tree): number {
  return memos.get(tree)?.size ?? 0;
}

/**
 * The facts of each of `nodes` (the tree's collected nodes, in document
 * order), kept for the next tree: those of the previous tree are taken for
 * each of `statements` (the module's named children) whose text, up to the
 * next one, and the starts of its nodes, are the same. Nothing is kept or taken for a tree with a syntax error, whose
 * recovery may depend on what surrounds a statement, nor for a very long file.
 */
export function nodeFacts(text: string, tree: Tree, statements: readonly Node[], nodes: readonly Node[], previous: Tree | undefined): NodeFacts[] {
  if (tree.rootNode.hasError || text.length > MAX_REMEMBERED_CHARS) return nodes.map(freshFacts);
  const starts = statements.map((statement) => statement.startIndex);
  // Nodes are told apart by where they start: statements must start apart.
  if (starts.some((start, i) => i > 0 && start <= starts[i - 1])) return nodes.map(freshFacts);
  const old = previous ? memos.get(previous) : undefined;
  const next = new Map<string, Statement>();
  const facts: NodeFacts[] = [];
  let i = 0;
  for (; i < nodes.length && nodes[i].startIndex < (starts[0] ?? Infinity); i++) facts.push(freshFacts(nodes[i]));
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    const end = k + 1 < starts.length ? starts[k + 1] : text.length;
    const first = i;
    while (i < nodes.length && (nodes[i].startIndex < end || k + 1 === starts.length)) i++;
    const key = text.slice(start, end);
    const kept = old?.get(key);
    // Compared in place: a list of the starts is made only for a statement whose facts are new.
    let same = kept !== undefined && kept.starts.length === i - first;
    for (let j = 0; same && j < i - first; j++) same = kept!.starts[j] === nodes[first + j].startIndex - start;
    const own = same ? undefined : nodes.slice(first, i);
    const statement = same ? kept! : { starts: own!.map((node) => node.startIndex - start), facts: own!.map(freshFacts) };
    for (const fact of statement.facts) facts.push(fact);
    next.set(key, statement);
  }
  memos.set(tree, next);
  return facts;
}

/** A node's facts before the walk reads more: every field present, so all share one shape and V8 keeps their reads fast. */
function freshFacts(node: Node): NodeFacts {
  const type = node.type;
  return { type, keyword: type === 'lambda' && !node.isNamed, bindings: undefined, scope: undefined, callee: undefined, parameters: undefined };
}

/*
 * Facts outlive the text they were read from: a name read from a node is a
 * view of that version's whole text, so the names kept in them are copies.
 * Without this, each edit's new facts kept one more copy of the document
 * alive (70 copies, 25 MB, after 600 edits to a 10,000-line file).
 */

export function keptCallee(callee: NodeFacts['callee']): NodeFacts['callee'] {
  return callee && { name: detached(callee.name), bare: callee.bare };
}

export function keptParameters(names: ParameterNames): ParameterNames {
  return names.map(({ index, name }) => ({ index, name: detached(name) }));
}

export function keptBindings(bindings: NodeBindings): NodeBindings {
  const ops = bindings.ops.map((op): NodeBindings['ops'][number] => {
    switch (op.op) {
      case 'bind':
        return op.kind === 'import' ? { ...op, name: detached(op.name), qualified: detached(op.qualified) } : { ...op, name: detached(op.name) };
      case 'walrus':
        return { ...op, name: detached(op.name) };
      case 'star':
        return { ...op, module: detached(op.module) };
      case 'declare':
        return { ...op, names: op.names.map(detached) };
    }
  });
  return { length: bindings.length, ops };
}
