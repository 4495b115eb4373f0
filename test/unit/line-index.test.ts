import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/text';

/** The lines of a text as Python and the LSP count them: LF, CRLF and a lone CR each end one. */
function linesOf(text: string): { start: number; content: string }[] {
  const lines: { start: number; content: string }[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
    lines.push({ start, content: text.slice(start, match.index) });
    start = match.index + match[0].length;
  }
  lines.push({ start, content: text.slice(start) });
  return lines;
}

/** Texts made of short pieces, with and without CRs: the index takes a faster path when there is none. */
const texts = fc.array(fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\u00e9', '\ud83d\ude00', ''), { maxLength: 40 }).map((parts) => parts.join(''));

describe('LineIndex', () => {
  it('finds the lines Python and the LSP count, whether or not the text has a CR', () => {
    fc.assert(
      fc.property(texts, fc.boolean(), (text, withoutCr) => {
        const source = withoutCr ? text.replace(/\r/g, '') : text;
        const index = new LineIndex(source);
        const expected = linesOf(source);
        assert.equal(index.lineCount, expected.length);
        expected.forEach(({ start, content }, line) => {
          assert.equal(index.lineStart(line), start);
          assert.equal(index.lineText(line), content);
          assert.deepEqual(index.positionAt(start + content.length), { line, character: content.length });
          assert.equal(index.offsetAt({ line, character: content.length + 5 }), start + content.length);
        });
      }),
      { numRuns: 2000, seed: 20261203 },
    );
  });
});
