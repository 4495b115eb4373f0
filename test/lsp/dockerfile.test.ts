import * as assert from 'node:assert/strict';
import type { TextDocumentEdit } from 'vscode-languageserver';
import { applyEdits } from '../../server/src/engine/fixes';
import { useWorkspaceServer } from '../support/lspClient';

const DOCKERFILE = [
  'FROM python:3.11-slim',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY app ./app',
  'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]',
  '',
].join('\n');

describe('language server: Dockerfiles', function () {
  this.timeout(10000);
  const workspace = useWorkspaceServer('lsp-docker');

  it('publishes Dockerfile findings with their fixes in the data, and a versioned quick fix', async () => {
    const { client } = workspace;
    const { uri, diagnostics } = await workspace.lint('Dockerfile', 'dockerfile', DOCKERFILE);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [
      ['missing-healthcheck', 0, 0],
      ['pip-no-cache-dir', 3, 4],
      ['dev-server-in-container', 5, 53],
    ]);
    const pip = diagnostics.find((d) => d.code === 'pip-no-cache-dir')!;
    const actions = await client.codeActions(uri, [pip], ['quickfix']);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [
      ['Add `--no-cache-dir`', true],
      ['Disable pip-no-cache-dir for this line', false],
      ['Show documentation for pip-no-cache-dir', false],
    ]);
    const fix = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(fix.textDocument, { uri, version: 1 });
    assert.match(applyEdits(DOCKERFILE, fix.edits), /^RUN pip install --no-cache-dir -r requirements\.txt$/m);
  });

  it('"Disable for this line" puts the comment above the instruction, and the finding goes', async () => {
    const { client } = workspace;
    const { uri, diagnostics } = await workspace.lint('api.Dockerfile', 'dockerfile', DOCKERFILE);
    const reload = diagnostics.find((d) => d.code === 'dev-server-in-container')!;
    const disable = (await client.codeActions(uri, [reload], ['quickfix'])).find((a) => a.title.startsWith('Disable'))!;
    const edits = (disable.edit!.documentChanges![0] as TextDocumentEdit).edits;
    assert.deepEqual(edits, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: '# stacklint: disable=dev-server-in-container\n' }]);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: edits.map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    const after = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.map((d) => d.code), ['missing-healthcheck', 'pip-no-cache-dir']);
  });

  it('lints an untitled buffer in the dockerfile language', async () => {
    const { client } = workspace;
    const uri = 'untitled:Untitled-1';
    await client.open(uri, 'dockerfile', 'FROM python:3.9\n');
    const diagnostics = await client.diagnostics(uri);
    assert.ok(diagnostics.some((d) => d.code === 'off-stack-base-image'), JSON.stringify(diagnostics.map((d) => d.code)));
  });
});
