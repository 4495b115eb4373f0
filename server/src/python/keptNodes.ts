import { subtreeOf, type Node, type Tree } from './parse';

/**
 * Collecting a file's nodes walks its whole tree in the parser's
 * WebAssembly: about 12 ms of each edit's lint at 10,000 lines. An editor
 * keeps the collected nodes with its tree instead, filed under anchors (the
 * module's statements, and the children of each big node it descended
 * into), and after an edit walks only what tree-sitter rebuilt. A subtree
 * the new tree reused from the previous one holds the same nodes at the
 * same offsets from its start (parse.ts, subtreeOf): its anchor's nodes are
 * moved onto the new tree, shifted to where it now stands. tree-sitter
 * rebuilds about half of the module's statements at each edit, but reuses
 * most of what they hold: a rebuilt node is descended into, down to
 * subtrees small enough to walk natively.
 */

/** A subtree's collected nodes (document order), where it stood when they were collected, and its children's anchors if it was descended into. */
interface Anchor {
  subtree: number;
  /** Its node's id in the tree it was collected from: its slot there. */
  id: number;
  startIndex: number;
  row: number;
  column: number;
  nodes: Node[];
  parts?: Anchor[];
}

/** The fields of web-tree-sitter's Node that place it, and the children it caches (read from the tree they belong to). */
interface MovableNode {
  tree: Tree;
  startIndex: number;
  startPosition: { row: number; column: number };
  _children?: unknown;
  _namedChildren?: unknown;
}

/** A rebuilt node up to this many characters is walked natively in one call; a bigger one is descended into, child by child. */
const DESCEND_ABOVE = 512;

/** Per kept tree, the anchors of the module's statements. */
const kept = new WeakMap<Tree, Anchor[]>();

/**
 * Every node of `types` under `tree`'s root, in document order (as
 * `descendantsOfType` finds them). With `keep`, they are kept with the tree
 * for the next one, filed under each of `statements` (the root's named
 * children), and those kept with `previous` are taken for what the new tree
 * reused. Nothing is kept for a tree with a syntax error.
 */
export function collectNodes(tree: Tree, types: readonly string[], statements: readonly Node[], keep: boolean, previous: Tree | undefined): Node[] {
  const old = previous ? kept.get(previous) : undefined;
  // The kept nodes move to the new tree: the previous tree's anchors are no longer its own.
  if (previous) kept.delete(previous);
  const wanted = fastTypes(types);
  if (!keep || tree.rootNode.hasError) return native(tree.rootNode, wanted);
  const anchors = old ? new Walk(tree, wanted, old).statements(statements) : split(native(tree.rootNode, wanted), statements);
  if (!anchors) return native(tree.rootNode, wanted);
  kept.set(tree, anchors);
  return anchors.flatMap((anchor) => anchor.nodes);
}

/** How many anchors a tree keeps for the next edit, at every depth (for tests). */
export function keptAnchors(tree: Tree): number {
  const count = (anchors: readonly Anchor[] | undefined): number => (anchors ?? []).reduce((sum, anchor) => sum + 1 + count(anchor.parts), 0);
  return count(kept.get(tree));
}

/** One walk of a new tree, taking the previous tree's anchors for the subtrees it reused. */
class Walk {
  private readonly index = new Map<number, Anchor>();
  private readonly symbols: Set<number>;

  constructor(
    private readonly tree: Tree,
    private readonly types: string[],
    old: readonly Anchor[],
  ) {
    const file = (anchors: readonly Anchor[]) => {
      for (const anchor of anchors) {
        this.index.set(anchor.subtree, anchor);
        if (anchor.parts) file(anchor.parts);
      }
    };
    file(old);
    // As descendantsOfType matches: by every symbol a wanted type names.
    const names = tree.language.types;
    this.symbols = new Set(names.flatMap((name, symbol) => (types.includes(name) ? [symbol] : [])));
  }

  statements(statements: readonly Node[]): Anchor[] {
    return statements.map((statement) => this.visit(statement)!);
  }

  /** The anchor of `node`'s subtree; undefined for a leaf, which is checked directly. */
  private visit(node: Node, into?: Node[]): Anchor | undefined {
    const subtree = subtreeOf(node);
    const reused = subtree ? this.index.get(subtree) : undefined;
    if (reused) {
      // A subtree stands once in a tree: its anchor is taken once.
      this.index.delete(subtree);
      return this.moved(reused, node);
    }
    const size = node.endIndex - node.startIndex;
    if (size <= DESCEND_ABOVE) {
      if (into && node.childCount === 0) {
        if (this.symbols.has(node.typeId)) into.push(node);
        return undefined;
      }
      return this.anchor(subtree, node, native(node, this.types));
    }
    const nodes: Node[] = this.symbols.has(node.typeId) ? [node] : [];
    const parts: Anchor[] = [];
    for (const child of node.children) {
      if (!child) continue;
      const part = this.visit(child, nodes);
      if (!part) continue;
      parts.push(part);
      for (const found of part.nodes) nodes.push(found);
    }
    return { ...this.anchor(subtree, node, nodes), parts };
  }

  private anchor(subtree: number, node: Node, nodes: Node[]): Anchor {
    return { subtree, id: node.id, startIndex: node.startIndex, row: node.startPosition.row, column: node.startPosition.column, nodes, parts: undefined };
  }

  /**
   * A reused subtree's anchor, placed in the new tree: its nodes and parts
   * shifted as far as it moved (columns only on its first row). Its
   * descendants keep their ids, slots inside the reused subtree; its own
   * node, if collected, is the new tree's, since its slot is new.
   */
  private moved(anchor: Anchor, node: Node): Anchor {
    const nodes = anchor.nodes;
    const first = anchor.row;
    const offset = node.startIndex - anchor.startIndex;
    const rows = node.startPosition.row - first;
    const columns = node.startPosition.column - anchor.column;
    if (nodes.length > 0 && nodes[0].id === anchor.id) nodes[0] = node;
    for (let i = nodes[0] === node ? 1 : 0; i < nodes.length; i++) {
      const movable = nodes[i] as unknown as MovableNode;
      movable.tree = this.tree;
      movable.startIndex += offset;
      const { row, column } = movable.startPosition;
      if (rows !== 0 || (columns !== 0 && row === first)) movable.startPosition = { row: row + rows, column: row === first ? column + columns : column };
      movable._children = undefined;
      movable._namedChildren = undefined;
    }
    const shift = (parts: Anchor[] | undefined) => {
      for (const part of parts ?? []) {
        if (part.row === first) part.column += columns;
        part.row += rows;
        part.startIndex += offset;
        shift(part.parts);
      }
    };
    shift(anchor.parts);
    anchor.id = node.id;
    anchor.startIndex = node.startIndex;
    anchor.row = node.startPosition.row;
    anchor.column = node.startPosition.column;
    return anchor;
  }
}

/** The nodes of `types` under `node`, itself included, by one native walk. */
function native(node: Node, types: string[]): Node[] {
  return node.descendantsOfType(types).filter((found): found is Node => found !== null);
}

/**
 * The wanted types as descendantsOfType takes them. It asks of each of the
 * grammar's 274 types whether the list includes it: with this list's own
 * `includes` (a set) a call costs about 4 µs instead of 9–13 µs, which counts
 * when the rebuilt parts of a tree are walked one by one.
 */
function fastTypes(types: readonly string[]): string[] {
  const list = [...types];
  const set = new Set(types);
  Object.defineProperty(list, 'includes', { value: (type: string) => set.has(type) });
  return list;
}

/**
 * A whole tree's nodes, filed under the statement each lies in; undefined
 * if one lies in none (then nothing is kept, since a moved statement would
 * not account for it).
 */
function split(nodes: Node[], statements: readonly Node[]): Anchor[] | undefined {
  const anchors: Anchor[] = [];
  let i = 0;
  for (const statement of statements) {
    const start = statement.startIndex;
    const end = statement.endIndex;
    if (i < nodes.length && nodes[i].startIndex < start) return undefined;
    const first = i;
    while (i < nodes.length && nodes[i].startIndex < end) i++;
    anchors.push({ subtree: subtreeOf(statement), id: statement.id, startIndex: start, row: statement.startPosition.row, column: statement.startPosition.column, nodes: nodes.slice(first, i), parts: undefined });
  }
  return i === nodes.length ? anchors : undefined;
}
