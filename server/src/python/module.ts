import { defaultConfig } from '../core/config';
import { defineModule, type LanguageModule } from '../core/module';
import { importsOrphanedByPass, withOrphanedImportsRemoved } from './orphanedImports';
import { pythonCommentLines, pythonComments } from './comments';
import { PythonFile } from './file';
import { pythonIncremental } from './incremental';
import { isCurrentTree, parsePython, releaseTree, type Tree } from './parse';
import { PYTHON_RULES } from './rules/index';
import { withPythonLineBreaks } from './syntax';

/** Python sources and stubs. */
export const pythonModule: LanguageModule<PythonFile> = defineModule<PythonFile>({
  kind: 'python',
  matches: (path, languageId) => /\.pyi?$/.test(path) || languageId === 'python',
  pathFor: (name) => `${name}.py`,
  parse({ path, text: raw, config, isTest, trees }) {
    // Parsing with Python's line breaks gives the tree Python sees.
    const text = withPythonLineBreaks(raw);
    const tree = parseLikeFresh(text, previousTree(trees?.previous));
    if (trees) trees.next = tree;
    try {
      const file = new PythonFile(path, text, tree, isTest, config.root, trees ? { previous: previousTree(trees.previous) } : undefined);
      // A tree handed to the caller for the next incremental parse stays alive.
      return {
        file,
        comments: pythonComments(file),
        commentLines: () => pythonCommentLines(file),
        dispose: () => trees || releaseTree(tree),
        incremental: trees ? pythonIncremental(file, previousTree(trees.previous)) : undefined,
      };
    } catch (error) {
      if (!trees) releaseTree(tree);
      throw error;
    }
  },
  rules: PYTHON_RULES,
  completeFix: withOrphanedImportsRemoved,
  tidyAfterFixes(path, before, after) {
    const parse = (text: string) => pythonModule.parse({ path, text, config: defaultConfig('/'), isTest: false });
    const [old, next] = [parse(before), parse(after)];
    try {
      return importsOrphanedByPass(old.file, next.file);
    } finally {
      old.dispose();
      next.dispose();
    }
  },
});

/**
 * Parses `text`, reusing the previous tree where tree-sitter can; a tree
 * with a syntax error is parsed again from scratch. Error recovery depends on
 * which subtrees a parse may reuse, so an incremental tree of broken code can
 * differ from a fresh parse of the same text (keep a statement that a fresh
 * parse swallows into an ERROR), and the editor would then report what the
 * CLI does not. The changed ranges between the edited last tree and a fresh
 * one still hold: tree-sitter compares subtrees by kind, position and size.
 */
function parseLikeFresh(text: string, previous: Tree | undefined): Tree {
  const tree = parsePython(text, previous);
  if (!previous || !tree.rootNode.hasError) return tree;
  releaseTree(tree);
  return parsePython(text);
}

/** The previous tree, when the current parser made it (a dropped parser's trees are never touched). */
function previousTree(previous: unknown): Tree | undefined {
  const tree = previous as Tree | undefined;
  return tree && isCurrentTree(tree) ? tree : undefined;
}
