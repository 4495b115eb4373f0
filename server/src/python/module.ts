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
    const tree = parsePython(text, trees?.previous as Tree | undefined);
    if (trees) trees.next = tree;
    try {
      const file = new PythonFile(path, text, tree, isTest, config.root);
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

/** The previous tree, when the current parser made it (a dropped parser's trees are never touched). */
function previousTree(previous: unknown): Tree | undefined {
  const tree = previous as Tree | undefined;
  return tree && isCurrentTree(tree) ? tree : undefined;
}
