// How deep a Python file's indentation goes, counted on the text before it
// reaches the parser. tree-sitter-python 0.25.0's scanner overruns its
// serialization buffer somewhere past 380 open indentation levels; CPython
// refuses more than 100. Lines inside brackets and strings are counted too,
// which can only make the count larger for ordinary files; crafted files
// that still get past it are caught by the parser's health check.

/** Indentation levels stacklint hands to the parser: twice what CPython accepts, half of what breaks the scanner. */
export const MAX_INDENT_LEVELS = 200;

/** The deepest stack of ever-deeper indented lines, and the 0-based line where it was reached. */
export function deepestIndentation(text: string): { levels: number; line: number } {
  const stack: number[] = [0];
  let deepest = { levels: 0, line: 0 };
  let line = 0;
  let at = 0;
  while (at < text.length) {
    // Measure the indentation as the scanner does: a tab is 8 columns, \r and \f start over.
    let column = 0;
    let index = at;
    for (; index < text.length; index++) {
      const char = text[index];
      if (char === ' ') column++;
      else if (char === '\t') column += 8;
      else if (char === '\r' || char === '\f') column = 0;
      else break;
    }
    const next = text.indexOf('\n', index);
    const first = text[index];
    // Blank and comment-only lines neither open nor close a block.
    if (index < text.length && first !== '\n' && first !== '#') {
      while (stack[stack.length - 1] > column) stack.pop();
      if (column > stack[stack.length - 1]) stack.push(column);
      if (stack.length - 1 > deepest.levels) deepest = { levels: stack.length - 1, line };
    }
    if (next < 0) break;
    at = next + 1;
    line++;
  }
  return deepest;
}
