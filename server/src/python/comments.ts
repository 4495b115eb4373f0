import { type CommentLine, commentLineSkipping, type SourceComment } from '../core/comments';
import type { PythonFile } from './file';
import type { Node } from './parse';

/** Comments of a Python file from tree-sitter, so a `#` inside a string is never read as one. */
export function pythonComments(file: PythonFile): SourceComment[] {
  let bound = Infinity;
  let sawStatement = false;
  for (const child of file.topLevel()) {
    const type = child.type;
    if (type === 'comment') continue;
    const docstring = !sawStatement && type === 'expression_statement' && child.namedChildren[0]?.type === 'string';
    sawStatement = true;
    if (!docstring) {
      bound = child.startIndex;
      break;
    }
  }
  // tree-sitter's comment token runs to the LF, so in a CRLF file it ends with the CR: not part of the comment.
  const textOf = (node: Node) => {
    // Read once: each read of a node's text asks the tree where it ends.
    const text = node.text;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  return file.nodes('comment').map((node) => ({ text: textOf(node), start: file.lines.positionAt(node.startIndex), leading: node.startIndex < bound }));
}

/**
 * Lines that end inside a string node, or with a `\` continuation, cannot
 * hold a comment. Continuations are read from the text (a line ending in `\`
 * that has no comment): tree-sitter has no node for one between the parts
 * of an implicitly concatenated string.
 */
export function pythonCommentLines(file: PythonFile): CommentLine {
  const blocked = new Set<number>();
  for (const node of file.tree.rootNode.descendantsOfType('string')) {
    if (!node) continue;
    // A string's last line may hold a comment after it.
    for (let line = node.startPosition.row; line < node.endPosition.row; line++) blocked.add(line);
  }
  const commented = new Set(file.nodes('comment').map((node) => node.startPosition.row));
  for (let line = 0; line < file.lines.lineCount; line++) {
    if (file.lines.lineText(line).endsWith('\\') && !commented.has(line)) blocked.add(line);
  }
  return commentLineSkipping(blocked);
}
