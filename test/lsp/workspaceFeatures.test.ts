import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocumentEdit } from 'vscode-languageserver';
import { applyEdits } from '../../server/src/engine/fixes';
import { SERVER_VERSION } from '../../server/src/lsp/environment';
import { DEFAULT_CAPABILITIES, type TestClient, useWorkspaceServer } from '../support/lspClient';

const FOLDER_CAPABILITIES = { ...DEFAULT_CAPABILITIES, workspace: { ...DEFAULT_CAPABILITIES.workspace, workspaceFolders: true } };

function logMessages(client: TestClient): string[] {
  return client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
}

async function until(what: string, probe: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('language server: workspace features', function () {
  this.timeout(10000);
  const workspace = useWorkspaceServer('features');
  let client: TestClient;
  beforeEach(() => {
    client = workspace.client;
  });

  it('answers a request for the `source` kind (Source Action...) with the fix-all action', async () => {
    const uri = workspace.uri('app.py');
    // pytz-usage has a safe fix (fix-all applies only safe fixes by default); bare-except's is unsafe.
    await client.open(uri, 'python', 'import pytz\n\nUTC = pytz.utc\n\ntry:\n    pass\nexcept:\n    pass\n');
    await client.diagnostics(uri);
    const actions = await client.codeActions(uri, [], ['source']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all stacklint problems', 'source.fixAll.stacklint']]);
    // A request for another source kind gets nothing.
    assert.deepEqual(await client.codeActions(uri, [], ['source.organizeImports']), []);
  });

  it('logs its version, the Node version, each folder and the configuration it uses', async () => {
    await until('the start-up log', () => logMessages(client).some((m) => m.includes('policy:')));
    workspace.write('pyproject.toml', '[tool.stacklint]\ndisable = []\n');
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await until('a log after the settings change', () => logMessages(client).some((m) => m.includes('settings changed')));
    const messages = logMessages(client);
    const dir = workspace.dir;
    const version = SERVER_VERSION;
    assert.ok(messages.some((m) => m.includes(`stacklint ${version} on Node ${process.version} (start)`)), messages.join('\n'));
    assert.ok(messages.some((m) => m === `stacklint: workspace folder ${dir}: configuration defaults (no pyproject.toml with [tool.stacklint])`), messages.join('\n'));
    assert.ok(messages.some((m) => m === `stacklint: workspace folder ${dir}: configuration ${join(dir, 'pyproject.toml')}`), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('policy: the built-in standard stack')));
  });

  it('stacklint.logLevel = error keeps the info lines out', async () => {
    await until('the start-up log', () => logMessages(client).some((m) => m.includes('policy:')));
    client.settings = { logLevel: 'error' };
    const before = logMessages(client).length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(logMessages(client).slice(before), []);
  });

  it('stacklint.configuration points at a pyproject.toml outside the workspace', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'stacklint-shared-'));
    try {
      writeFileSync(join(shared, 'pyproject.toml'), '[tool.stacklint]\ndisable = ["print-call"]\nexclude = ["generated/**"]\n');
      const uri = workspace.uri('app.py');
      await client.open(uri, 'python', 'print(1)\ntry:\n    pass\nexcept:\n    pass\n');
      assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['print-call', 'bare-except']);
      client.settings = { configuration: join(shared, 'pyproject.toml') };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      const after = await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'print-call'));
      assert.deepEqual(after.map((d) => d.code), ['bare-except']);
      // Its globs are relative to the workspace folder.
      const generated = workspace.uri('generated/models.py');
      mkdirSync(join(workspace.dir, 'generated'));
      await client.open(generated, 'python', 'try:\n    pass\nexcept:\n    pass\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(client.published.filter((p) => p.uri === generated).flatMap((p) => p.diagnostics), []);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('a stacklint.configuration that names no file is logged and the nearest pyproject.toml applies', async () => {
    client.settings = { configuration: '~/does-not-exist/pyproject.toml' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await until('the warning', () => logMessages(client).some((m) => /does-not-exist\/pyproject\.toml, which is not a file/.test(m)));
    const uri = workspace.uri('app.py');
    await client.open(uri, 'python', 'print(1)\n');
    assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['print-call']);
  });

  it("counts open documents in Lint Workspace's total, at their editor text", async () => {
    workspace.write('closed.py', 'print(1)\n');
    workspace.write('open.py', 'x = 1\n');
    const open = workspace.uri('open.py');
    // The editor text has two problems; the file on disk has none.
    await client.open(open, 'python', 'print(1)\ntry:\n    pass\nexcept:\n    pass\n');
    await client.diagnostics(open);
    const result = (await client.connection.sendRequest('stacklint/lintWorkspace', {})) as { files: number; problems: number };
    assert.deepEqual(result, { files: 2, problems: 3, cancelled: false });
  });

  it('"Fix all safe problems in workspace" applies safe fixes to open and closed files, and leaves unsafe ones', async () => {
    workspace.write('closed.py', 'import pytz\n\nprint(pytz.utc)\n');
    workspace.write('clean.py', 'x = 1\n');
    // On disk open.py is clean; the editor's text has an unused suppression, whose removal is safe.
    const open = workspace.write('open.py', 'x = 1\n');
    await client.open(open, 'python', 'x = 1  # stacklint: disable=print-call\n', 3);
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'stacklint.applySafeFixesInWorkspace', arguments: [] });
    assert.deepEqual(result, { files: 3, fixed: 2 });
    assert.equal(client.applied.length, 1);
    const changes = client.applied[0].documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.textDocument.version]), [[workspace.uri('closed.py'), null], [open, 3]]);
    // pytz -> datetime.timezone is safe; print -> logging is not, so print stays.
    assert.equal(applyEdits('import pytz\n\nprint(pytz.utc)\n', changes[0].edits), 'from datetime import timezone\n\nprint(timezone.utc)\n');
    assert.equal(applyEdits('x = 1  # stacklint: disable=print-call\n', changes[1].edits), 'x = 1\n');
  });
});

describe('language server: workspace folders added and removed at runtime', function () {
  this.timeout(10000);
  let first: string;
  let second: string;
  let client: TestClient;

  beforeEach(async () => {
    first = mkdtempSync(join(tmpdir(), 'stacklint-first-'));
    second = mkdtempSync(join(tmpdir(), 'stacklint-second-'));
    const { inProcessClient } = await import('../support/lspClient');
    client = inProcessClient();
    await client.initialize(pathToFileURL(first).href, FOLDER_CAPABILITIES);
  });
  afterEach(async () => {
    await client.shutdown();
    client.connection.dispose();
    rmSync(first, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  });

  it("lints a new folder's files with its own configuration and walks it in Lint Workspace", async () => {
    writeFileSync(join(first, 'pyproject.toml'), '[tool.stacklint]\ndisable = ["bare-except"]\n');
    writeFileSync(join(second, 'pyproject.toml'), '[tool.stacklint]\ndisable = ["print-call"]\n');
    writeFileSync(join(second, 'job.py'), 'print(1)\ntry:\n    pass\nexcept:\n    pass\n');
    writeFileSync(join(first, 'script.py'), 'print(1)\n');
    const before = (await client.connection.sendRequest('stacklint/lintWorkspace', {})) as { files: number };
    assert.equal(before.files, 2);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(second).href, name: 'second' }], removed: [] },
    });
    await until('the folder in the log', () => logMessages(client).some((m) => m.includes(`workspace folder ${second}: configuration ${join(second, 'pyproject.toml')}`)));
    const uri = pathToFileURL(join(second, 'job.py')).href;
    await client.open(uri, 'python', 'print(1)\ntry:\n    pass\nexcept:\n    pass\n');
    // The second folder's own [tool.stacklint] applies, not the first's.
    assert.deepEqual((await client.diagnostics(uri)).map((d) => d.code), ['bare-except']);
    const after = (await client.connection.sendRequest('stacklint/lintWorkspace', {})) as { files: number };
    assert.equal(after.files, 4);

    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: pathToFileURL(first).href, name: 'first' }] },
    });
    await until('the removal in the log', () => logMessages(client).filter((m) => m.includes('workspace folders changed')).length === 2);
    const last = (await client.connection.sendRequest('stacklint/lintWorkspace', {})) as { files: number };
    assert.equal(last.files, 2);
    // The removed folder's problems are cleared from the editor.
    const script = pathToFileURL(join(first, 'script.py')).href;
    assert.deepEqual(client.published.filter((p) => p.uri === script).map((p) => p.diagnostics.length), [1, 1, 0]);
  });

  it('walks a folder nested in another once, and skips a folder deleted while still in the workspace', async () => {
    mkdirSync(join(first, 'inner'));
    writeFileSync(join(first, 'script.py'), 'print(1)\n');
    writeFileSync(join(first, 'inner', 'job.py'), 'print(2)\n');
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(join(first, 'inner')).href, name: 'inner' }, { uri: pathToFileURL(second).href, name: 'second' }], removed: [] },
    });
    await until('the folders in the log', () => logMessages(client).some((m) => m.includes(`workspace folder ${second}`)));
    assert.deepEqual(await client.connection.sendRequest('stacklint/lintWorkspace', {}), { files: 2, problems: 2, cancelled: false });
    rmSync(second, { recursive: true, force: true });
    assert.deepEqual(await client.connection.sendRequest('stacklint/lintWorkspace', {}), { files: 2, problems: 2, cancelled: false });
  });

  it('fixes each file of a nested folder once in "Fix all safe problems in workspace", and says which names it cannot fix', async () => {
    mkdirSync(join(first, 'inner'));
    writeFileSync(join(first, 'inner', 'job.py'), 'import pytz\n\nprint(pytz.utc)\n');
    // A name that is not UTF-8, beside a file literally named as it decodes: the first has no URI an edit could name.
    writeFileSync(Buffer.from(`${join(first, 'inner', 'bad')}\xff.py`, 'latin1'), 'import pytz\n\nprint(pytz.utc)\n');
    writeFileSync(join(first, 'inner', 'bad\uFFFD.py'), 'import pytz\n\nprint(pytz.utc)\n');
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: pathToFileURL(join(first, 'inner')).href, name: 'inner' }], removed: [] },
    });
    await until('the folder in the log', () => logMessages(client).some((m) => m.includes(`workspace folder ${join(first, 'inner')}`)));
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'stacklint.applySafeFixesInWorkspace', arguments: [] });
    assert.deepEqual(result, { files: 2, fixed: 2 });
    const changes = client.applied[0].documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => c.textDocument.uri).sort(), [pathToFileURL(join(first, 'inner', 'bad\uFFFD.py')).href, pathToFileURL(join(first, 'inner', 'job.py')).href]);
    assert.ok(logMessages(client).some((m) => m.includes('1 file whose name is not UTF-8 not fixed')), logMessages(client).join('\n'));
  });
});
