import * as assert from 'node:assert/strict';
import type { Diagnostic, TextDocumentEdit } from 'vscode-languageserver';
import { applyEdits } from '../../server/src/engine/fixes';
import { type TestClient, useWorkspaceServer } from '../support/lspClient';
import { assertCompiles } from '../support/python';

const SOURCE = 'import sys\n\n\ndef main(rows):\n    print("rows", rows)\n    try:\n        return 1\n    except:\n        sys.exit(1)\n';

describe('language server (in-process, JSON-RPC over streams)', function () {
  this.timeout(10000);
  const workspace = useWorkspaceServer('lsp');
  let counter = 0;
  const uriFor = workspace.uri;
  const fresh = (ext = '.py') => uriFor(`case${++counter}${ext}`);
  const codeActions = (uri: string, diagnostics: Diagnostic[], only?: string[]) => workspace.client.codeActions(uri, diagnostics, only);
  let client: TestClient;
  beforeEach(() => {
    client = workspace.client;
  });

  it('builds quick fixes, disable-line and documentation actions from its own lint of the version the diagnostic names', async () => {
    const uri = fresh();
    await client.open(uri, 'python', SOURCE);
    const diagnostics = await client.diagnostics(uri);
    const print = diagnostics.find((d) => d.code === 'print-call')!;
    const actions = await codeActions(uri, [print], ['quickfix']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]), [
      ['Replace `print` with `logger.info` (unsafe)', 'quickfix', false],
      ['Disable print-call for this line', 'quickfix', false],
      ['Show documentation for print-call', 'quickfix', false],
    ]);
    assert.deepEqual(actions[2].command, { title: 'Show documentation for print-call', command: 'stacklint.showDocumentation', arguments: ['print-call'] });
    const disable = actions[1].edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(disable, {
      textDocument: { uri, version: 1 },
      edits: [{ range: { start: { line: 4, character: 23 }, end: { line: 4, character: 23 } }, newText: '  # stacklint: disable=print-call' }],
    });
    const fixed = applyEdits(SOURCE, (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits);
    assert.match(fixed, /logger = logging\.getLogger\(__name__\)/);
    assert.match(fixed, /logger\.info\("%s %s", "rows", rows\)/);
    assertCompiles(fixed);
  });

  it('applies a disable comment and the finding goes away', async () => {
    const uri = fresh();
    await client.open(uri, 'python', SOURCE);
    const print = (await client.diagnostics(uri)).find((d) => d.code === 'print-call')!;
    const [, disable] = await codeActions(uri, [print], ['quickfix']);
    const edits = (disable.edit!.documentChanges![0] as TextDocumentEdit).edits;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: edits.map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    const after = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.map((d) => d.code), ['bare-except']);
  });

  it('refuses fixes computed for an older version of the document', async () => {
    const uri = fresh();
    await client.open(uri, 'python', SOURCE);
    const stale = await client.diagnostics(uri);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${SOURCE}\n` }] });
    const actions = await codeActions(uri, stale, ['quickfix']);
    assert.deepEqual(actions, []);
  });

  // pytz-usage has a safe fix; print-call and bare-except have unsafe ones.
  const MIXED = 'import sys\n\nimport pytz\n\nUTC = pytz.utc\n\n\n' + SOURCE.slice('import sys\n\n\n'.length);

  const fixAllEdit = async (uri: string): Promise<string | undefined> => {
    const actions = await codeActions(uri, [], ['source.fixAll.stacklint']);
    if (actions.length === 0) return undefined;
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all stacklint problems', 'source.fixAll.stacklint']]);
    const change = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    return applyEdits(MIXED, change.edits);
  };

  it('offers source.fixAll.stacklint, whose single edit applies only the safe fixes by default', async () => {
    const uri = fresh();
    await client.open(uri, 'python', MIXED);
    await client.diagnostics(uri);
    const fixed = (await fixAllEdit(uri))!;
    assert.doesNotMatch(fixed, /pytz/);
    assert.match(fixed, /except:/);
    assert.match(fixed, /print\(/);
    assertCompiles(fixed);
    // `source.fixAll` (the editor's on-save kind) includes stacklint's.
    assert.equal((await codeActions(uri, [], ['source.fixAll'])).length, 1);
    // Only unsafe fixes left: fix-all has nothing to do, the quick-fix menu still offers them.
    const onlyUnsafe = fresh();
    await client.open(onlyUnsafe, 'python', SOURCE);
    const bare = (await client.diagnostics(onlyUnsafe)).find((d) => d.code === 'bare-except')!;
    assert.deepEqual(await codeActions(onlyUnsafe, [], ['source.fixAll.stacklint']), []);
    assert.deepEqual((await codeActions(onlyUnsafe, [bare], ['quickfix'])).map((a) => a.title)[0], 'Catch `Exception` instead (unsafe)');
  });

  it('fix-all applies unsafe fixes too with stacklint.fixAll.unsafe', async () => {
    client.settings = { fixAll: { unsafe: true } };
    const uri = fresh();
    await client.open(uri, 'python', MIXED);
    await client.diagnostics(uri);
    const fixed = (await fixAllEdit(uri))!;
    assert.match(fixed, /except Exception:/);
    assert.doesNotMatch(fixed, /print\(|pytz/);
    assertCompiles(fixed);
  });

  it('fix-all applies unsafe fixes too with unsafe-fixes = true in [tool.stacklint]', async () => {
    workspace.write('unsafe/pyproject.toml', '[tool.stacklint]\nunsafe-fixes = true\n');
    const uri = uriFor(`unsafe/case${++counter}.py`);
    await client.open(uri, 'python', MIXED);
    await client.diagnostics(uri);
    assert.match((await fixAllEdit(uri))!, /except Exception:/);
  });

  it('applies the safe fixes through the stacklint.applyAllFixes command', async () => {
    const uri = fresh();
    await client.open(uri, 'python', MIXED);
    await client.diagnostics(uri);
    await client.connection.sendRequest('workspace/executeCommand', { command: 'stacklint.applyAllFixes', arguments: [{ uri, version: 1 }] });
    assert.equal(client.applied.length, 1);
    const change = client.applied[0].documentChanges![0] as TextDocumentEdit;
    const fixed = applyEdits(MIXED, change.edits);
    assert.doesNotMatch(fixed, /pytz/);
    assert.match(fixed, /except:/);
  });

  it('publishes nothing when stacklint.enable is false, and honours severity settings', async () => {
    client.settings = { enable: false };
    const uri = fresh();
    await client.open(uri, 'python', SOURCE);
    assert.deepEqual(await client.diagnostics(uri), []);
    client.settings = { enable: true, severity: { 'bare-except': 'off', 'print-call': 'hint' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['print-call', 4]]);
  });

  it('with run = onSave, lints on save but not on change', async () => {
    client.settings = { run: 'onSave' };
    const uri = fresh();
    await client.open(uri, 'python', 'x = 1\n');
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'print(1)\n' }] });
    await assert.rejects(client.diagnostics(uri, (p) => p.version === 2, 600));
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const diagnostics = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(diagnostics.map((d) => d.code), ['print-call']);
  });

  it('re-lints open documents when a pyproject.toml changes on disk', async () => {
    const { uri, diagnostics } = await workspace.lint('app.py', 'python', SOURCE, { onDisk: true });
    assert.deepEqual(diagnostics.map((d) => d.code), ['print-call', 'bare-except']);
    workspace.write('pyproject.toml', '[tool.stacklint]\ndisable = ["print-call"]\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriFor('pyproject.toml'), type: 1 }] });
    const after = await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
    assert.deepEqual(after.map((d) => d.code), ['bare-except']);
  });

  it('survives broken and binary-looking input and keeps answering', async () => {
    const broken = fresh();
    await client.open(broken, 'python', 'def (((:\n\u0000\u0001\u00ff\nprint("still found")\n' + 'x = ['.repeat(2000));
    const diagnostics = await client.diagnostics(broken);
    assert.ok(diagnostics.some((d) => d.code === 'print-call'), JSON.stringify(diagnostics));
    const ok = fresh();
    await client.open(ok, 'python', 'try:\n    pass\nexcept:\n    pass\n');
    assert.deepEqual((await client.diagnostics(ok)).map((d) => d.code), ['bare-except']);
  });

  it('lints a newly opened document once, not again after the change debounce', async () => {
    const uri = fresh();
    await client.open(uri, 'python', 'print(1)\n');
    await client.diagnostics(uri);
    await assert.rejects(client.diagnostics(uri, () => client.published.filter((p) => p.uri === uri).length > 1, 500));
    assert.equal(client.published.filter((p) => p.uri === uri).length, 1);
  });

  it('answers malformed code-action requests with no actions', async () => {
    const uri = fresh();
    await client.open(uri, 'python', 'print(1)\n');
    const actions = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: null });
    assert.deepEqual(actions, []);
  });

  it('lints untitled Python buffers', async () => {
    const uri = 'untitled:Untitled-1';
    await client.open(uri, 'python', 'print(1)\n');
    assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['print-call']);
  });

  it('lints the workspace without opening files, with progress, and can be cancelled', async () => {
    for (let i = 0; i < 60; i++) workspace.write(`pkg/m${i}.py`, 'print(1)\n');
    workspace.write('pkg/ok.py', 'x = 1\n');
    const result = await client.connection.sendRequest('stacklint/lintWorkspace', {});
    assert.deepEqual(result, { files: 61, problems: 60, cancelled: false });
    assert.deepEqual((await client.diagnostics(uriFor('pkg/m7.py'))).map((d) => d.code), ['print-call']);
    const progress = client.notifications.filter((n) => n.method === 'stacklint/progress').map((n) => n.params);
    assert.deepEqual(progress[progress.length - 1], { done: 61, total: 61 });
    assert.ok(progress.length >= 4);

    const source = new (require('vscode-languageserver/node').CancellationTokenSource)();
    const pending = client.connection.sendRequest('stacklint/lintWorkspace', {}, source.token);
    source.cancel();
    const cancelled = (await pending.catch((error: Error) => ({ error: error.message }))) as { cancelled?: boolean; error?: string };
    assert.ok(cancelled.cancelled === true || /cancel/i.test(cancelled.error ?? ''), JSON.stringify(cancelled));
  });
});
