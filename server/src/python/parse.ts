import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Node, Parser, Query, Tree } from 'web-tree-sitter';

export type { Node, Tree };

let language: Language | undefined;
let parser: Parser | undefined;
const queries = new Map<string, Query>();

/**
 * Finds a wasm file shipped beside the bundle (dist/), walking up from the
 * bundle so test bundles in dist/test/... find it too, and falling back to
 * the installed npm package. Never fetched from the network.
 */
function locateWasm(name: string, packageFile: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, name), join(dir, 'dist', name)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  return require.resolve(packageFile);
}

/** Loads tree-sitter and the Python grammar once per process. */
export async function initPythonParser(): Promise<void> {
  if (parser) return;
  await Parser.init({ locateFile: () => locateWasm('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm') });
  language = await Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
  parser = new Parser();
  parser.setLanguage(language);
}

function ready(): { parser: Parser; language: Language } {
  if (!parser || !language) throw new Error('initPythonParser() must be awaited before parsing');
  return { parser, language };
}

/** Parses Python source; `previous` (already edited with tree.edit) makes it incremental. */
export function parsePython(text: string, previous?: Tree): Tree {
  const tree = ready().parser.parse(text, previous ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Compiles each query source once and reuses it for every file. */
export function query(source: string): Query {
  let compiled = queries.get(source);
  if (!compiled) {
    compiled = new Query(ready().language, source);
    queries.set(source, compiled);
  }
  return compiled;
}
