import * as assert from 'node:assert/strict';
import type { TextDocumentEdit } from 'vscode-languageserver';
import { applyEdits } from '../../server/src/engine/fixes';
import { type TestClient, useWorkspaceServer } from '../support/lspClient';
import { assertCompiles } from '../support/python';

const CELLS = [
  'from datetime import datetime\n',
  '%pip install httpx\nrows = [1, 2]',
  'stamp = datetime.now()\nprint(stamp)',
];

describe('language server on Jupyter notebooks (notebook document sync)', function () {
  this.timeout(10000);
  const workspace = useWorkspaceServer('notebook');
  let client: TestClient;
  let notebook: string;
  let cells: string[];
  beforeEach(async () => {
    client = workspace.client;
    notebook = workspace.uri('analysis.ipynb');
    cells = CELLS.map((_, index) => `vscode-notebook-cell:${new URL(notebook).pathname}#cell${index}`);
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((document) => ({ kind: 2, document })) },
      cellTextDocuments: cells.map((uri, index) => ({ uri, languageId: 'python', version: 1, text: CELLS[index] })),
    });
  });

  it('lints the cells as one module and puts each finding on its cell', async () => {
    // `datetime` is imported in the first cell and called in the third: only one module sees both.
    const third = await client.diagnostics(cells[2], (p) => p.diagnostics.length > 0);
    assert.deepEqual(third.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['naive-datetime', 0, 8], ['print-call', 1, 0]]);
    assert.deepEqual(await client.diagnostics(cells[0]), []);
    // The magic in the second cell is not a syntax problem.
    assert.deepEqual(await client.diagnostics(cells[1]), []);
  });

  it("offers quick fixes whose edits land on the right cells, at the cells' versions", async () => {
    const [naive] = await client.diagnostics(cells[2], (p) => p.diagnostics.length > 0);
    const actions = await client.codeActions(cells[2], [naive], ['quickfix']);
    assert.ok(actions.length > 0, 'a fix for naive-datetime');
    const changes = actions[0].edit!.documentChanges as TextDocumentEdit[];
    const fixedCells = CELLS.map((text, index) => {
      const change = changes.find((c) => c.textDocument.uri === cells[index]);
      if (change) assert.equal(change.textDocument.version, 1);
      return change ? applyEdits(text, change.edits) : text;
    });
    // The import goes into the first cell, the argument into the third.
    assert.deepEqual(changes.map((c) => c.textDocument.uri), [cells[0], cells[2]]);
    assert.equal(fixedCells[0], 'from datetime import datetime, timezone\n');
    assert.equal(fixedCells[2], 'stamp = datetime.now(timezone.utc)\nprint(stamp)');
    // The notebook still compiles as a module once its magics are comments.
    assertCompiles(fixedCells.map((text) => text.replace(/^%/gm, '#')).join('\n'));
  });

  it('re-lints when a cell changes and clears the cells on close', async () => {
    await client.diagnostics(cells[2], (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebook, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cells[0], version: 2 }, changes: [{ text: 'import datetime\n' }] }] } },
    });
    // Without the `from` import, `datetime.now()` is the module's attribute: no naive-datetime finding.
    const after = await client.diagnostics(cells[2], (p) => p.version === 1 && !p.diagnostics.some((d) => d.code === 'naive-datetime'), 3000);
    assert.deepEqual(after.map((d) => d.code), ['print-call']);
    await client.connection.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: notebook },
      cellTextDocuments: cells.map((uri) => ({ uri })),
    });
    assert.deepEqual(await client.diagnostics(cells[2], (p) => p.diagnostics.length === 0, 3000), []);
  });
});
