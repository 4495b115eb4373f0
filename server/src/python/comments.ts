import type { SourceComment } from '../core/comments';
import type { PythonFile } from './file';

/** Comments of a Python file from tree-sitter, so a `#` inside a string is never read as one. */
export function pythonComments(file: PythonFile): SourceComment[] {
  const root = file.tree.rootNode;
  let bound = Infinity;
  let sawStatement = false;
  for (const child of root.namedChildren) {
    if (!child || child.type === 'comment') continue;
    const docstring = !sawStatement && child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string';
    sawStatement = true;
    if (!docstring) {
      bound = child.startIndex;
      break;
    }
  }
  return file.nodes('comment').map((node) => ({ text: node.text, start: file.lines.positionAt(node.startIndex), leading: node.startIndex < bound }));
}
