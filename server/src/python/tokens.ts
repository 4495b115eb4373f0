import type { Node } from './parse';

/**
 * The node's text with each run of whitespace outside strings written as
 * one space, or one line break when it holds one, and strings kept whole
 * (their text is their value). Python reads the same tokens from both, so
 * re-indenting a long literal or typing a trailing space does not make the
 * whole file lint again. Linear in the text: only the strings are asked of
 * the tree (a walk over every token of a large literal was not).
 */
export function tokensOf(node: Node | null): string {
  if (!node) return '';
  const text = node.text;
  if (node.type === 'string') return text;
  const strings = /["']/.test(text) ? node.descendantsOfType('string') : [];
  let out = '';
  let at = node.startIndex;
  for (const string of strings) {
    // A string inside another's interpolation is part of the outer one's text.
    if (!string || string.startIndex < at) continue;
    out += collapseWhitespace(text.slice(at - node.startIndex, string.startIndex - node.startIndex)) + string.text;
    at = string.endIndex;
  }
  return out + collapseWhitespace(text.slice(at - node.startIndex));
}

function collapseWhitespace(code: string): string {
  return code.replace(/\s+/g, (run) => (/[\r\n]/.test(run) ? '\n' : ' '));
}
