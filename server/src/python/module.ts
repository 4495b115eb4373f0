import { defineModule } from '../core/module';
import { pythonCommentLines, pythonComments } from './comments';
import { PythonFile } from './file';
import { parsePython, releaseTree, type Tree } from './parse';
import { PYTHON_RULES } from './rules/index';

/** Python sources and stubs. */
export const pythonModule = defineModule<PythonFile>({
  kind: 'python',
  matches: (path, languageId) => /\.pyi?$/.test(path) || languageId === 'python',
  pathFor: (name) => `${name}.py`,
  parse({ path, text, config, isTest, trees }) {
    const tree = parsePython(text, trees?.previous as Tree | undefined);
    if (trees) trees.next = tree;
    try {
      const file = new PythonFile(path, text, tree, isTest, config.root);
      // A tree handed to the caller for the next incremental parse stays alive.
      return { file, comments: pythonComments(file), commentLines: () => pythonCommentLines(file), dispose: () => trees || releaseTree(tree) };
    } catch (error) {
      if (!trees) releaseTree(tree);
      throw error;
    }
  },
  rules: PYTHON_RULES,
});
