import { type Node, parsePython } from './parse';

/**
 * The text with each lone CR as LF. Python reads a lone CR as a line break;
 * tree-sitter-python's comments run on to the next LF. The length stays the
 * same, so every offset and position holds.
 */
export function withPythonLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Characters tree-sitter-python skips as whitespace but Python refuses
 * outside strings and comments ("invalid non-printable character"): vertical
 * tab, zero-width space, word joiner, and a byte order mark after the start.
 */
const SKIPPED_BUT_INVALID = /[\v\u200b\u2060\ufeff]/g;
const QUOTED = new Set(['comment', 'string_content']);

function quoted(node: Node | null): boolean {
  for (let at = node; at; at = at.parent) if (QUOTED.has(at.type)) return true;
  return false;
}

/**
 * Whether Python would accept the text as far as its syntax goes: it parses
 * without error recovery, with Python's line breaks, and holds no character
 * Python refuses where tree-sitter lets it pass (a null byte anywhere, the
 * characters above in code). Without the second check a file Python never
 * compiled can look as if an edit had broken it.
 */
export function parsesAsPython(text: string): boolean {
  if (text.includes('\0')) return false;
  const tree = parsePython(withPythonLineBreaks(text));
  try {
    if (tree.rootNode.hasError) return false;
    if (lineBreakInShortString(tree.rootNode)) return false;
    for (const match of text.matchAll(SKIPPED_BUT_INVALID)) {
      const index = match.index ?? 0;
      if (index === 0 && match[0] === '\ufeff') continue;
      if (!quoted(tree.rootNode.descendantForIndex(index, index + 1))) return false;
    }
    return true;
  } finally {
    tree.delete();
  }
}

/**
 * True when a string in one pair of quotes (`"..."`, not `"""..."""`) holds a
 * line break not escaped by a backslash: tree-sitter-python reads the string
 * on, Python stops at "unterminated string literal".
 */
function lineBreakInShortString(root: Node): boolean {
  for (const content of root.descendantsOfType('string_content')) {
    const start = content?.parent?.firstChild;
    if (!content || !start || /^[A-Za-z]*("""|\'\'\')$/.test(start.text)) continue;
    const text = content.text;
    for (const match of text.matchAll(/\r\n?|\n/g)) {
      if (text[(match.index ?? 0) - 1] !== '\\') return true;
    }
  }
  return false;
}
