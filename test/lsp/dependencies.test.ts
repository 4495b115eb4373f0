import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, DocumentLink, Hover, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { applyEdits } from '../../server/src/engine/fixes';
import { useWorkspaceServer } from '../support/lspClient';

/** Applies a WorkspaceEdit to files on disk, as an editor would (creations, then edits in order). */
function applyToDisk(edit: WorkspaceEdit): void {
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected ${change.kind}`);
      const path = new URL(change.uri).pathname;
      if (!existsSync(path)) writeFileSync(path, '');
      continue;
    }
    const path = new URL(change.textDocument.uri).pathname;
    writeFileSync(path, applyEdits(readFileSync(path, 'utf8'), (change as TextDocumentEdit).edits));
  }
}

describe('language server on dependency files', function () {
  this.timeout(10000);
  const workspace = useWorkspaceServer('deps');
  const uriFor = workspace.uri;
  const onDisk = (name: string) => readFileSync(join(workspace.dir, name), 'utf8');

  it('moves a dev tool to requirements-dev.txt with one workspace edit that creates the file', async () => {
    const { client } = workspace;
    const { uri, diagnostics } = await workspace.lint('requirements.txt', 'pip-requirements', 'fastapi==0.104.0\npytest==7.4.3\n', { onDisk: true });
    const dev = diagnostics.find((d) => d.code === 'dev-dependency-in-production');
    assert.ok(dev, JSON.stringify(diagnostics));
    const actions = await client.codeActions(uri, [dev], ['quickfix']);
    const move = actions.find((a) => /requirements-dev\.txt/.test(a.title));
    assert.ok(move, actions.map((a) => a.title).join(', '));
    const changes = move.edit!.documentChanges!;
    assert.deepEqual(changes[0], { textDocument: { uri, version: 1 }, edits: (changes[0] as TextDocumentEdit).edits });
    assert.deepEqual(changes[1], { kind: 'create', uri: uriFor('requirements-dev.txt'), options: { ignoreIfExists: true } });
    applyToDisk(move.edit!);
    assert.equal(onDisk('requirements.txt'), 'fastapi==0.104.0\n');
    assert.match(onDisk('requirements-dev.txt'), /^-r requirements\.txt\npytest==7\.4\.3\n$/);
  });

  it('appends to an existing requirements-dev.txt', async () => {
    workspace.write('requirements-dev.txt', 'black==23.11.0\n');
    const { uri, diagnostics } = await workspace.lint('requirements.txt', 'pip-requirements', 'fastapi==0.104.0\nruff==0.1.6\n', { onDisk: true });
    const dev = diagnostics.find((d) => d.code === 'dev-dependency-in-production')!;
    const actions = await workspace.client.codeActions(uri, [dev], ['quickfix']);
    const move = actions.find((a) => /requirements-dev\.txt/.test(a.title))!;
    assert.ok(!move.edit!.documentChanges!.some((c) => 'kind' in c), 'no create step for an existing file');
    applyToDisk(move.edit!);
    assert.equal(onDisk('requirements-dev.txt'), 'black==23.11.0\nruff==0.1.6\n');
  });

  it('computes the move from an open, unsaved requirements-dev.txt: its text and version; refuses it once that buffer changed', async () => {
    const { client } = workspace;
    const devUri = workspace.write('requirements-dev.txt', 'black==23.11.0\n');
    // The buffer differs from the disk: the fix must append after the buffer's last line.
    await client.open(devUri, 'pip-requirements', 'black==23.11.0\nmypy==1.7.0\n');
    await client.change(devUri, 2, 'black==23.11.0\nmypy==1.7.0\nisort==5.12.0\n');
    const { uri, diagnostics } = await workspace.lint('requirements.txt', 'pip-requirements', 'fastapi==0.104.0\nruff==0.1.6\n', { onDisk: true });
    const dev = diagnostics.find((d) => d.code === 'dev-dependency-in-production')!;
    const move = (await client.codeActions(uri, [dev], ['quickfix'])).find((a) => /requirements-dev\.txt/.test(a.title))!;
    assert.ok(move, 'a move is offered');
    const other = move.edit!.documentChanges!.find((c) => !('kind' in c) && c.textDocument.uri === devUri) as TextDocumentEdit;
    assert.deepEqual(other, { textDocument: { uri: devUri, version: 2 }, edits: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'ruff==0.1.6\n' }] });
    // The dev file changes after the lint: the fix computed from version 2 is no longer offered.
    await client.change(devUri, 3, 'black==23.11.0\n');
    const stale = (await client.codeActions(uri, [dev], ['quickfix'])).filter((a) => /requirements-dev\.txt/.test(a.title));
    assert.deepEqual(stale.map((a) => a.title), []);
  });

  it('hovers with status, section and replacement, completes standard packages, links -r includes', async () => {
    const { client } = workspace;
    const uri = uriFor('requirements.txt');
    await client.open(uri, 'pip-requirements', '-r base.txt\nflask==3.0.0\n\n');
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*flask\*\*: banned by the standard \(\[§2\.1\]\(command:stacklint\.openStandard\?[^ ]+ "2\.1 Backend Framework"\)\)/);
    // The link opens the shipped standard at the heading (arguments: path, anchor, 0-based line).
    const args = JSON.parse(decodeURIComponent(/command:stacklint\.openStandard\?([^ ]+) /.exec(value)![1])) as [string, string, number];
    assert.equal(readFileSync(args[0], 'utf8').split('\n')[args[2]], '### 2.1 Backend Framework');
    assert.equal(args[1], '21-backend-framework');
    assert.match(value, /use instead: `fastapi`/);
    const items = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 0 } })) as CompletionItem[];
    const fastapi = items.find((item) => item.label === 'fastapi');
    assert.equal(fastapi?.insertText, 'fastapi==0.104.0');
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as DocumentLink[];
    assert.deepEqual(links.map((l) => l.target), [uriFor('base.txt')]);
  });

  it('shows an approved deviation on hover and silences both the requirement and the import', async () => {
    workspace.write('pyproject.toml', '[tool.stacklint.approved-deviations]\nmongoengine = "ADR-012, audit store"\n');
    const { uri: req, diagnostics } = await workspace.lint('requirements.txt', 'pip-requirements', 'mongoengine==0.27.0\n');
    assert.deepEqual(diagnostics.map((d) => d.code), []);
    const hover = (await workspace.client.connection.sendRequest('textDocument/hover', { textDocument: { uri: req }, position: { line: 0, character: 3 } })) as Hover;
    assert.match((hover.contents as { value: string }).value, /approved deviation: ADR-012, audit store/);
    const audit = await workspace.lint('audit.py', 'python', 'import mongoengine\nimport flask\n');
    assert.deepEqual(audit.diagnostics.map((d) => [d.code, d.range.start.line]), [['off-stack-import', 1]]);
  });

  it('reports a malformed [tool.stacklint] on the pyproject.toml, and lints with the defaults', async () => {
    const { diagnostics } = await workspace.lint('pyproject.toml', 'toml', '[tool.stacklint]\ndisable = "print-call"\n', { onDisk: true });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [['invalid-configuration', 1, 1]]);
    const app = await workspace.lint('app.py', 'python', 'print(1)\n');
    assert.deepEqual(app.diagnostics.map((d) => d.code), ['print-call']);
  });
});
