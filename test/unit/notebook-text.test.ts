import * as assert from 'node:assert/strict';
import { editsByCell, joinCells, toCellRange, toModuleRange } from '../../server/src/lsp/notebookText';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('notebook cells as one module', () => {
  const joined = joinCells([
    { uri: 'cell:a', text: 'import os\n' },
    { uri: 'cell:b', text: '%pip install httpx\r\n!ls -la\nx = 1' },
    { uri: 'cell:c', text: 'print(os.sep)' },
  ]);

  it('joins the cells with one newline and comments out IPython magics, keeping columns', () => {
    assert.equal(joined.text, 'import os\n\n#pip install httpx\n#ls -la\nx = 1\nprint(os.sep)');
    assert.deepEqual(joined.spans.map((span) => [span.uri, span.startLine, span.lineCount]), [['cell:a', 0, 2], ['cell:b', 2, 3], ['cell:c', 5, 1]]);
  });

  it('maps module ranges onto cells and back', () => {
    assert.deepEqual(toCellRange(joined.spans, range(5, 0, 5, 5)), { uri: 'cell:c', range: range(0, 0, 0, 5) });
    assert.deepEqual(toModuleRange(joined.spans, 'cell:b', range(2, 0, 2, 5)), range(4, 0, 4, 5));
    // A range that ends at the start of the next cell's first line stays in its cell.
    assert.deepEqual(toCellRange(joined.spans, range(4, 0, 5, 0)), { uri: 'cell:b', range: range(2, 0, 3, 0) });
    // One that runs into the next cell belongs to neither.
    assert.equal(toCellRange(joined.spans, range(4, 0, 5, 3)), undefined);
    assert.equal(toCellRange(joined.spans, range(9, 0, 9, 1)), undefined);
  });

  it("groups a fix's edits by cell and refuses edits across cells or in other files", () => {
    const byCell = editsByCell(joined.spans, [
      { range: range(0, 9, 0, 9), newText: ', sys' },
      { range: range(5, 0, 5, 5), newText: 'logger.info' },
    ]);
    assert.deepEqual([...byCell!.entries()], [
      ['cell:a', [{ range: range(0, 9, 0, 9), newText: ', sys' }]],
      ['cell:c', [{ range: range(0, 0, 0, 5), newText: 'logger.info' }]],
    ]);
    assert.equal(editsByCell(joined.spans, [{ range: range(1, 0, 2, 0), newText: '' }, { range: range(4, 0, 5, 1), newText: '' }]), undefined);
    assert.equal(editsByCell(joined.spans, [{ range: range(0, 0, 0, 0), newText: 'x', file: '/elsewhere.py' }]), undefined);
  });
});
