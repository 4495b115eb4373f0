import type { PythonFile } from './file';
import type { Node } from './parse';

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * The identifier nodes spelled `name`, found from where the text spells it
 * (a string search, then one descent per hit) rather than by visiting every
 * identifier of the file: a 5 MB file has near a million of them.
 */
export function identifiersNamed(file: PythonFile, name: string): Node[] {
  const found: Node[] = [];
  const text = file.text;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (WORD_CHAR.test(text[at - 1] ?? '') || WORD_CHAR.test(text[at + name.length] ?? '')) continue;
    const node = file.tree.rootNode.descendantForIndex(at, at + name.length);
    if (node?.type === 'identifier' && node.startIndex === at && node.endIndex === at + name.length) found.push(node);
  }
  return found;
}

/** True for an identifier that reads a name: not an attribute's name, a keyword argument's name or part of an import path. */
export function isNameUse(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (parent.type === 'attribute') return parent.childForFieldName('attribute')?.id !== node.id;
  if (parent.type === 'keyword_argument') return parent.childForFieldName('name')?.id !== node.id;
  return parent.type !== 'dotted_name' && parent.type !== 'aliased_import';
}
