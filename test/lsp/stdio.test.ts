import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver';
import { applyEdits } from '../../server/src/engine/fixes';
import { REPO } from '../support/fixtures';
import { spawnedAsVsCodeDoes, spawnedClient, type TestClient } from '../support/lspClient';
import { SERVER_MALLOC_ENV, SERVER_NODE_FLAGS } from '../../server/src/lsp/protocol';

const STANDARD = join(REPO, 'docs', 'TECH_STACK.md');

const PYTHON = 'import sys\n\n\ndef main():\n    try:\n        return 1\n    except:\n        sys.exit(1)\n';

describe('language server over stdio (built bundle)', function () {
  this.timeout(20000);
  let dir: string;
  let client: TestClient;
  let pyUri: string;
  let reqUri: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stacklint-stdio-'));
    writeFileSync(join(dir, 'app.py'), PYTHON);
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.0\n');
    pyUri = pathToFileURL(join(dir, 'app.py')).href;
    reqUri = pathToFileURL(join(dir, 'requirements.txt')).href;
    client = spawnedClient(join(REPO, 'dist', 'server.js'));
    const result = (await client.initialize(pathToFileURL(dir).href)) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(result.serverInfo.name, 'stacklint');
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  let diagnostic: Diagnostic;

  it('publishes a whole, exact diagnostic for a Python file', async () => {
    await client.open(pyUri, 'python', PYTHON);
    const diagnostics = await client.diagnostics(pyUri);
    assert.equal(diagnostics.length, 1);
    diagnostic = diagnostics[0];
    const range = { start: { line: 6, character: 4 }, end: { line: 6, character: 10 } };
    const heading = { line: readFileSync(STANDARD, 'utf8').split('\n').indexOf('## 7. ANTI-PATTERNS'), character: 0 };
    assert.deepEqual(diagnostic, {
      range,
      severity: 2,
      code: 'bare-except',
      // The rule page and the standard shipped with stacklint, readable offline.
      codeDescription: { href: pathToFileURL(join(REPO, 'docs', 'rules', 'bare-except.md')).href },
      source: 'stacklint',
      message: 'Bare `except:` catches everything, including KeyboardInterrupt; catch a specific exception (§7)',
      // Only which finding it is: the server recomputes the fixes itself.
      data: { rule: 'bare-except', version: 1 },
      relatedInformation: [{ location: { uri: pathToFileURL(STANDARD).href, range: { start: heading, end: heading } }, message: '§7 ANTI-PATTERNS' }],
    });
  });

  it('publishes diagnostics for a requirements file', async () => {
    await client.open(reqUri, 'pip-requirements', 'flask==3.0.0\n');
    const diagnostics = await client.diagnostics(reqUri);
    const offStack = diagnostics.find((d) => d.code === 'off-stack-dependency');
    assert.ok(offStack, JSON.stringify(diagnostics));
    assert.deepEqual([offStack.range, offStack.severity, offStack.source], [{ start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, 2, 'stacklint']);
  });

  it('offers the quick fix, whose edit removes the diagnostic once applied', async () => {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: pyUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Catch `Exception` instead (unsafe)', 'Disable bare-except for this line', 'Show documentation for bare-except']);
    const change = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri: pyUri, version: 1 });
    const fixed = applyEdits(PYTHON, change.edits);
    assert.match(fixed, /except Exception:/);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: pyUri, version: 2 },
      contentChanges: change.edits.map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    assert.deepEqual(await client.diagnostics(pyUri, (p) => p.version === 2), []);
  });

  it('re-lints after an incremental change that adds a problem', async () => {
    const end = { line: 8, character: 0 };
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: pyUri, version: 3 },
      contentChanges: [{ range: { start: end, end }, text: 'print("done")\n' }],
    });
    const diagnostics = await client.diagnostics(pyUri, (p) => p.version === 3);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['print-call', 8]]);
  });

  it('re-lints open documents when the configuration changes', async () => {
    client.settings = { severity: { 'print-call': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const diagnostics = await client.diagnostics(pyUri, (p) => p.diagnostics[0]?.severity === 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['print-call', 1]]);
  });

  it('clears diagnostics on close and shuts down cleanly', async () => {
    client.forget(pyUri);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: pyUri } });
    assert.deepEqual(await client.diagnostics(pyUri), []);
    const exited = new Promise<number | null>((resolve) => client.process!.on('exit', (code) => resolve(code)));
    await client.shutdown();
    assert.equal(await exited, 0);
  });
});

describe('language server started as the VS Code client starts it', function () {
  this.timeout(20000);

  it('runs with the client\'s Node flags and environment, and lints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stacklint-launch-'));
    const client = spawnedAsVsCodeDoes(join(REPO, 'dist', 'server.js'));
    try {
      await client.initialize(pathToFileURL(dir).href);
      const pid = client.process!.pid!;
      // Node refuses an unknown flag before the server starts: a server that answers took them.
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      for (const flag of SERVER_NODE_FLAGS) assert.ok(args.includes(flag), `${flag} in ${args.join(' ')}`);
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      for (const [name, value] of Object.entries(SERVER_MALLOC_ENV)) assert.ok(environment.includes(`${name}=${value}`), name);
      const uri = pathToFileURL(join(dir, 'app.py')).href;
      await client.open(uri, 'python', PYTHON);
      assert.deepEqual((await client.diagnostics(uri)).map((diagnostic) => diagnostic.code), ['bare-except']);
      // The memory script starts the server the same way.
      const script = readFileSync(join(REPO, 'scripts', 'server-memory.js'), 'utf8');
      const literal = (name: string) => /^const (\w+) = (.*);$/m.exec(script.split('\n').find((line) => line.startsWith(`const ${name} = `)) ?? '')?.[2] ?? '';
      const pairs = [...literal('SERVER_MALLOC_ENV').matchAll(/(\w+): '([^']*)'/g)].map(([, name, value]) => [name, value]);
      assert.deepEqual(Object.fromEntries(pairs), SERVER_MALLOC_ENV);
      assert.deepEqual([...literal('SERVER_NODE_FLAGS').matchAll(/'([^']*)'/g)].map(([, flag]) => flag), SERVER_NODE_FLAGS);
    } finally {
      await client.shutdown();
      client.connection.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
