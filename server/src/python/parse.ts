import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { compileFunction } from 'node:vm';
import type * as TreeSitter from 'web-tree-sitter';
import { deepestIndentation, MAX_INDENT_LEVELS } from './depth';

export type Node = TreeSitter.Node;
export type Tree = TreeSitter.Tree;

/**
 * One instance of web-tree-sitter with its own WebAssembly memory. The
 * library keeps its wasm module in a module-level variable, so a fresh
 * memory needs a fresh evaluation of the library's code.
 */
interface Instance {
  library: typeof TreeSitter;
  parser: TreeSitter.Parser;
  language: TreeSitter.Language;
  queries: Map<string, TreeSitter.Query>;
  /** The options object emscripten turned into its Module; HEAP8 views the wasm memory. */
  module: { HEAP8?: Int8Array; HEAP32?: Int32Array };
}

let instance: Instance | undefined;
/** The current instance's memory may be corrupted: replace it before the next parse. */
let broken = false;
/** How many instances were created, for tests and the log. */
let created = 0;

/** Why a file was not parsed; lint reports it as a finding instead of going quiet. */
export class ParseFailure extends Error {
  constructor(
    readonly reason: 'too-deep' | 'timeout' | 'crashed',
    message: string,
    /** The 0-based line to report on. */
    readonly line = 0,
  ) {
    super(message);
  }
}

/**
 * Finds a file shipped beside the bundle (dist/), walking up from the
 * bundle so test bundles in dist/test/... find it too, and falling back to
 * the installed npm package. Never fetched from the network.
 */
function locate(name: string, packageFile: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, name), join(dir, 'dist', name)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  return require.resolve(packageFile);
}

/** Evaluates web-tree-sitter's CommonJS build anew, so its wasm module starts from scratch. */
function loadLibrary(): typeof TreeSitter {
  const file = locate('web-tree-sitter.cjs', 'web-tree-sitter');
  const wrapper = compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const module = { exports: {} as typeof TreeSitter };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

async function createInstance(): Promise<Instance> {
  const library = loadLibrary();
  const module: Instance['module'] & { locateFile: () => string } = { locateFile: () => locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm') };
  await library.Parser.init(module);
  // As bytes: given a path, the library reads it with a dynamic import, which code compiled by vm cannot do.
  const language = await library.Language.load(readFileSync(locate('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm')));
  const parser = new library.Parser();
  parser.setLanguage(language);
  created++;
  return { library, parser, language, queries: new Map(), module };
}

let replacing: Promise<void> | undefined;

/** Swaps in a fresh instance; the old one is dropped whole and never called again. */
function replaceInstance(): Promise<void> {
  replacing ??= createInstance().then(
    (fresh) => {
      instance = fresh;
      broken = false;
      replacing = undefined;
    },
    (error: unknown) => {
      replacing = undefined;
      throw error;
    },
  );
  return replacing;
}

/**
 * For a short run (a few small files): asks V8 to compile the parser's wasm
 * with its baseline compiler only, as `node --liftoff-only` would. Optimizing
 * it costs about 120 ms of a one-file run and pays off only after a megabyte
 * or so of source. V8 reads the flag when it compiles a module, so this
 * works only before the first parser is created; it is process-wide, so a
 * long-lived process (the language server) must not call it.
 */
export function preferQuickParserStart(): void {
  if (created > 0 || replacing) return;
  setFlagsFromString('--liftoff-only');
}

/** Loads tree-sitter and the Python grammar once per process, and again after the parser broke. */
export async function initPythonParser(): Promise<void> {
  if (instance && !broken) return;
  await replaceInstance();
}

/** The size of the current parser's wasm memory, which grows with the largest tree and never shrinks. */
export function pythonParserMemoryBytes(): number {
  return instance?.module.HEAP8?.buffer.byteLength ?? 0;
}

/** Above this much wasm memory, a fresh parser is worth its trees: the initial memory is 32 MiB. */
const RELEASE_ABOVE_BYTES = 96 * 1024 * 1024;

/**
 * Gives back the wasm memory a large file made the parser grow, by swapping
 * in a fresh instance once that file is closed. Trees of the old instance
 * are let go (incremental parses of open documents start over once).
 */
export async function releasePythonParserMemory(): Promise<boolean> {
  if (pythonParserMemoryBytes() <= RELEASE_ABOVE_BYTES) return false;
  await replaceInstance();
  return true;
}

/** True when the parser broke and initPythonParser() must run before the next parse. */
export function pythonParserBroken(): boolean {
  return broken;
}

/** How many parser instances this process created (1 until a file broke one). */
export function pythonParserInstances(): number {
  return created;
}

function ready(): Instance {
  if (!instance) throw new Error('initPythonParser() must be awaited before parsing');
  if (broken) throw new ParseFailure('crashed', 'the Python parser broke on an earlier file and has not been re-created yet');
  return instance;
}

/** True when the tree was made by the current, healthy parser (trees of a dropped one must not be touched). */
export function isCurrentTree(tree: Tree): boolean {
  return instance !== undefined && !broken && tree instanceof instance.library.Tree;
}

/**
 * The subtree a node stands for, as tree-sitter's C library holds it. A
 * node's id is the address of the slot in its parent's list of children
 * that holds the subtree, so a subtree a new tree reused whole under a
 * rebuilt parent (a statement of the module, whose list of statements is
 * rebuilt at every edit) keeps its subtree but gets a new id. A subtree is
 * never changed once a tree shares it, and lives as long as a tree holds
 * it: two live trees that hold the same subtree hold the same nodes. 0 for
 * a leaf small enough to be stored in its slot (its lowest bit set), and
 * for a tree of a replaced parser.
 */
export function subtreeOf(node: Node): number {
  const heap = instance?.module.HEAP32;
  if (!heap || !isCurrentTree(node.tree)) return 0;
  const word = heap[node.id >>> 2];
  return word & 1 ? 0 : word;
}

/** Frees a tree of the current parser; a tree of a dropped parser is only let go. */
export function releaseTree(tree: Tree): void {
  if (!isCurrentTree(tree)) return;
  try {
    tree.delete();
  } catch (error) {
    // The tree's memory is corrupt: the instance is replaced before the next parse, and the tree goes with it.
    if (!noteParserTrap(error)) throw error;
  }
}

/**
 * Marks the parser broken when `error` is a trap of its WebAssembly (an
 * abort, a table or memory access out of bounds): whatever the parser holds
 * may be corrupt, so the next parse starts on a fresh instance. True for such
 * an error.
 */
export function noteParserTrap(error: unknown): boolean {
  const trapped = error instanceof Error && (error.name === 'RuntimeError' || /^Aborted\(/.test(error.message));
  if (trapped && instance) broken = true;
  return trapped;
}

/**
 * Parse time allowed, in wall-clock time: 20 s plus 10 ms per KB. A 5 MB
 * file parses in about 2 s of CPU time; the margin is for busy machines,
 * the bound is for inputs that make error recovery super-linear.
 */
export function parseBudgetMs(text: string): number {
  return 20_000 + (10 * text.length) / 1024;
}

/**
 * A tiny file whose tree is known: tree-sitter-python 0.25.0's scanner can
 * write past its serialization buffer on deep indentation (upstream issue
 * #350), after which the parser returns ERROR trees or traps. Parsing this
 * after each file tells a corrupted parser from a file that is just broken.
 */
const CANARY = 'x = 1\n';
const CANARY_TREE = '(module (expression_statement (assignment left: (identifier) right: (integer))))';

function healthy(parser: TreeSitter.Parser): boolean {
  try {
    const tree = parser.parse(CANARY);
    const shape = tree?.rootNode.toString();
    tree?.delete();
    return shape === CANARY_TREE;
  } catch {
    return false;
  }
}

/**
 * Parses Python source; `previous` (already edited with tree.edit) makes it
 * incremental. Throws ParseFailure for a file nested deeper than the parser
 * can take, a parse over its time budget, or a parser that crashed or was
 * corrupted by this file (the parser is then marked broken).
 */
export function parsePython(text: string, previous?: Tree, budgetMs = parseBudgetMs(text)): Tree {
  const { parser } = ready();
  const deepest = deepestIndentation(text);
  if (deepest.levels > MAX_INDENT_LEVELS) {
    throw new ParseFailure('too-deep', `File too deeply nested to lint: ${deepest.levels} levels of indentation (stacklint parses at most ${MAX_INDENT_LEVELS}; Python itself stops at 100)`, deepest.line);
  }
  const deadline = performance.now() + budgetMs;
  let tree: Tree | null;
  try {
    tree = parser.parse(text, previous && isCurrentTree(previous) ? previous : null, { progressCallback: () => performance.now() > deadline });
  } catch (error) {
    broken = true;
    throw new ParseFailure('crashed', `The Python parser crashed on this file (${String(error)})`);
  }
  if (!tree) {
    // Cancelled by the deadline: start the next parse from the beginning.
    parser.reset();
    throw new ParseFailure('timeout', `File too slow to parse: over ${Math.round(budgetMs / 1000)} s`);
  }
  if (!healthy(parser)) {
    broken = true;
    throw new ParseFailure('crashed', 'The Python parser was corrupted by this file');
  }
  return tree;
}

/** Compiles each query source once per parser instance and reuses it for every file. */
export function query(source: string): TreeSitter.Query {
  const current = ready();
  let compiled = current.queries.get(source);
  if (!compiled) {
    compiled = new current.library.Query(current.language, source);
    current.queries.set(source, compiled);
  }
  return compiled;
}
