import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { DEFAULT_CAPABILITIES, inProcessClient, type TestClient } from '../support/lspClient';

/** The capabilities VS Code's client declares for LSP 3.17 pull diagnostics. */
const PULL_CAPABILITIES = {
  ...DEFAULT_CAPABILITIES,
  workspace: { ...DEFAULT_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...DEFAULT_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

interface WorkspaceReport {
  items: { uri: string; version: number | null; resultId: string; items: Diagnostic[] }[];
}

interface Report {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items?: Diagnostic[];
}

describe('language server with pull diagnostics (LSP 3.17)', function () {
  this.timeout(10000);
  let dir: string;
  let client: TestClient;
  let refreshes: number;
  let capabilities: Record<string, unknown>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stacklint-pull-'));
    client = inProcessClient();
    refreshes = 0;
    client.connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
    const result = (await client.initialize(pathToFileURL(dir).href, PULL_CAPABILITIES)) as { capabilities: Record<string, unknown> };
    capabilities = result.capabilities;
  });
  afterEach(async () => {
    await client.shutdown();
    client.connection.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  const pull = (target: string, previousResultId?: string) =>
    client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: target }, previousResultId }) as Promise<Report>;
  const change = (target: string, version: number, text: string) =>
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: target, version }, contentChanges: [{ text }] });

  it('declares a diagnostic provider and answers textDocument/diagnostic instead of pushing', async () => {
    assert.deepEqual(capabilities.diagnosticProvider, { identifier: 'stacklint', interFileDependencies: true, workspaceDiagnostics: true });
    const file = uri('app.py');
    await client.open(file, 'python', 'def main():\n    print(1)\n');
    const report = await pull(file);
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items!.map((d) => [d.code, d.range.start.line]), [['print-call', 1]]);
    await change(file, 2, 'def main():\n    try:\n        pass\n    except:\n        pass\n');
    const after = await pull(file, report.resultId);
    assert.notEqual(after.resultId, report.resultId);
    assert.deepEqual(after.items!.map((d) => [d.code, d.range.start.line]), [['bare-except', 3]]);
    // The fixes still travel in the data, for the version pulled.
    assert.equal((after.items![0].data as { version: number }).version, 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Nothing was pushed for the document but the empty list that clears what Lint Workspace may have pushed.
    assert.deepEqual(client.published.filter((p) => p.uri === file).map((p) => p.diagnostics.length), [0]);
  });

  it('with run = onSave, answers "unchanged" while the text differs from the saved one', async () => {
    client.settings = { run: 'onSave' };
    const file = uri('app.py');
    await client.open(file, 'python', 'print(1)\n');
    const first = await pull(file);
    assert.deepEqual(first.items!.map((d) => d.code), ['print-call']);
    await change(file, 2, 'x = 1\n');
    assert.deepEqual(await pull(file, first.resultId), { kind: 'unchanged', resultId: first.resultId });
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: file } });
    const saved = await pull(file, first.resultId);
    assert.equal(saved.kind, 'full');
    assert.deepEqual(saved.items, []);
  });

  it('asks the client to pull again when the settings change', async () => {
    const file = uri('app.py');
    await client.open(file, 'python', 'print(1)\n');
    assert.deepEqual((await pull(file)).items!.map((d) => d.severity), [2]);
    client.settings = { severity: { 'print-call': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const deadline = Date.now() + 3000;
    while (refreshes === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(refreshes > 0, 'a workspace/diagnostic/refresh request');
    assert.deepEqual((await pull(file)).items!.map((d) => d.severity), [1]);
  });

  it('answers workspace/diagnostic with what Lint Workspace found, holding the request open while nothing is new', async () => {
    writeFileSync(join(dir, 'closed.py'), 'print(1)\n');
    writeFileSync(join(dir, 'hidden.py'), 'x = 1\n');
    const hidden = uri('hidden.py');
    await client.open(hidden, 'python', 'print(2)\nprint(3)\n', 4);
    const source = new (require('vscode-languageserver/node').CancellationTokenSource)();
    let answered = false;
    const first = (client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }, source.token) as Promise<WorkspaceReport>)
      .then((report) => {
        answered = true;
        return report;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(answered, false, 'nothing linted yet: the request waits');
    const result = await client.connection.sendRequest('stacklint/lintWorkspace', { visible: [] });
    assert.deepEqual(result, { files: 2, problems: 3, cancelled: false });
    const report = await first;
    const byUri = new Map(report.items.map((item) => [item.uri, item]));
    assert.deepEqual(byUri.get(uri('closed.py'))?.items.map((d) => d.code), ['print-call']);
    assert.equal(byUri.get(uri('closed.py'))?.version, null);
    assert.deepEqual(byUri.get(hidden)?.items.map((d) => d.code), ['print-call', 'print-call']);
    assert.equal(byUri.get(hidden)?.version, 4);
    // Nothing pushed: the client pulls it all.
    assert.deepEqual(client.published.filter((p) => p.diagnostics.length > 0), []);
    // Asked again with those result ids, nothing is new: the request waits until cancelled.
    const again = client.connection.sendRequest('workspace/diagnostic', {
      previousResultIds: report.items.map((item) => ({ uri: item.uri, value: item.resultId })),
    }, source.token) as Promise<WorkspaceReport>;
    await new Promise((resolve) => setTimeout(resolve, 200));
    source.cancel();
    assert.deepEqual(await again.catch(() => ({ items: [] })), { items: [] });
  });

  it('Lint Workspace pushes for open documents the editor does not show, and the next pull replaces that push', async () => {
    // This client never asks for workspace diagnostics (as some editors with pull support): Lint Workspace pushes.
    writeFileSync(join(dir, 'shown.py'), 'x = 1\n');
    writeFileSync(join(dir, 'hidden.py'), 'x = 1\n');
    writeFileSync(join(dir, 'closed.py'), 'print(1)\n');
    const shown = uri('shown.py');
    const hidden = uri('hidden.py');
    await client.open(shown, 'python', 'print(1)\n');
    await client.open(hidden, 'python', 'print(2)\nprint(3)\n');
    const result = await client.connection.sendRequest('stacklint/lintWorkspace', { visible: [shown] });
    // Every open document counts, at its editor text: 1 + 2 + 1.
    assert.deepEqual(result, { files: 3, problems: 4, cancelled: false });
    const pushedFor = (target: string) => client.published.filter((p) => p.uri === target).map((p) => p.diagnostics.length);
    assert.deepEqual(pushedFor(shown), [0], 'the shown document is pulled, not pushed');
    assert.deepEqual(pushedFor(hidden), [0, 2]);
    assert.deepEqual(pushedFor(uri('closed.py')), [1]);
    // Shown later, the document is pulled: the pushed copy is cleared so nothing counts twice.
    assert.equal((await pull(hidden)).items!.length, 2);
    assert.deepEqual(pushedFor(hidden), [0, 2, 0]);
  });

  it('answers an empty report for a document it does not know', async () => {
    assert.deepEqual(await pull(uri('never-opened.py')), { kind: 'full', items: [] });
  });
});
