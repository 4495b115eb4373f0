// Python files that broke tree-sitter-python 0.25.0's scanner: ever-deeper
// blocks ending in an unclosed string overrun its 1024-byte serialization
// buffer (upstream issue #350), after which the shared parser returned
// ERROR trees or trapped for every later file.

/** 511 plainly nested blocks (the smallest depth that overruns): caught by the depth bound before parsing. */
export function deeplyNested(levels = 511): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += `${' '.repeat(i)}if x:\n`;
  return `${text}${' '.repeat(levels)}x = "abc\n`;
}

/**
 * The same nesting with a bracketed line at column 0 in each block, which
 * the text-based depth count cannot see through: it reaches the parser and
 * corrupts it, so only the parser's health check catches it.
 */
export function disguisedDeeplyNested(levels = 600): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += `${' '.repeat(i)}if (\n0\n${' '.repeat(i)}):\n`;
  return `${text}${' '.repeat(levels)}x = "abc\n`;
}
