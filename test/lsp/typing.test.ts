import * as assert from 'node:assert/strict';
import type { CompletionItem, Hover } from 'vscode-languageserver';
import { type TestClient, useWorkspaceServer } from '../support/lspClient';

/** Sends one incremental edit that inserts `text` at a position. */
function insert(client: TestClient, uri: string, version: number, line: number, character: number, text: string): Promise<void> {
  const at = { line, character };
  return client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: at, end: at }, text }],
  });
}

describe('language server while a dependency file is typed', function () {
  this.timeout(10000);
  const workspace = useWorkspaceServer('typing');

  const complete = async (uri: string, line: number, character: number) =>
    (await workspace.client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as CompletionItem[];

  it('completes versions after ==, >= and ~=: the reference pin first, then the stack minimum', async () => {
    const text = 'pydantic==\nsqlalchemy>=2\nfastapi ~= \nrequests==\nuvicorn==0.2\n';
    const uri = await workspace.open('requirements.txt', 'pip-requirements', text);
    const pydantic = await complete(uri, 0, 10);
    assert.deepEqual(pydantic.map((item) => [item.label, item.sortText]), [['2.5.0', '0'], ['2.0', '1']]);
    assert.match(pydantic[0].detail!, /reference pin/);
    assert.match(pydantic[1].detail!, /stack minimum/);
    // The partly typed `2` is replaced, not appended to.
    const sqlalchemy = await complete(uri, 1, 13);
    assert.deepEqual(sqlalchemy.map((item) => item.label), ['2.0.23', '2.0']);
    assert.deepEqual((sqlalchemy[0].textEdit as { range: unknown }).range, { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } });
    // The reference pin and the minimum are the same version for fastapi: offered once.
    assert.deepEqual((await complete(uri, 2, 11)).map((item) => item.label), ['0.104.0']);
    // A package off the stack has no versions to offer, and no package names either after `==`.
    assert.deepEqual(await complete(uri, 3, 10), []);
    assert.deepEqual((await complete(uri, 4, 12)).map((item) => item.label), ['0.24.0']);
    // At the start of a line package names are completed as before.
    assert.ok((await complete(uri, 5, 0)).some((item) => item.label === 'fastapi'));
  });

  it('completes versions inside a pyproject.toml dependency string', async () => {
    const uri = await workspace.open('pyproject.toml', 'toml', '[project]\nname = "svc"\ndependencies = ["pydantic>=", "fastapi"]\n', { onDisk: true });
    assert.deepEqual((await complete(uri, 2, 27)).map((item) => item.label), ['2.5.0', '2.0']);
  });

  it('hovers on a version with how it compares with the stack minimum and the reference pin', async () => {
    const uri = await workspace.open('requirements.txt', 'pip-requirements', 'fastapi==0.95.0\npydantic>=2.6\n');
    const hover = async (line: number, character: number) =>
      ((await workspace.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null);
    const below = (await hover(0, 11))!.contents as { value: string };
    // Each § links to the standard (see withSectionLinks); the text around the links is what matters here.
    const unlinked = (value: string) => value.replace(/\[(§[\d.]+)\]\([^)]*\)/g, '$1');
    assert.match(unlinked(below.value), /^`0\.95\.0` is below the stack minimum 0\.104\.0 \(§2\.1\)\n- older than the reference pin 0\.104\.0/);
    assert.match(below.value, /\*\*fastapi\*\*: part of the standard stack/);
    const above = (await hover(1, 11))!.contents as { value: string };
    assert.match(unlinked(above.value), /^`2\.6` is above the stack minimum 2\.0 .*\n- newer than the reference pin 2\.5\.0/);
    // On the name the hover is the package's, without a version line.
    assert.doesNotMatch(((await hover(0, 2))!.contents as { value: string }).value, /stack minimum 0\.104\.0 \(/);
  });

  it('holds back invalid-requirement on the line being typed until the user pauses', async () => {
    const { client } = workspace;
    const uri = await workspace.open('requirements.txt', 'pip-requirements', 'fastapi==0.104.0\nhttpx=0.25\n');
    // A broken line the user is not typing on is reported at once.
    const opened = await client.diagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(opened.map((d) => [d.code, d.range.start.line]), [['invalid-requirement', 1]]);
    const typedAt = Date.now();
    await insert(client, uri, 2, 2, 0, 'pydantic==');
    const whileTyping = await client.diagnostics(uri, (p) => p.version === 2);
    assert.ok(Date.now() - typedAt < 900, 'the first lint after the edit comes before the pause ends');
    assert.deepEqual(whileTyping.map((d) => [d.code, d.range.start.line]), [['invalid-requirement', 1]]);
    const afterPause = await client.diagnostics(uri, (p) => p.version === 2 && p.diagnostics.some((d) => d.range.start.line === 2), 3000);
    assert.ok(Date.now() - typedAt >= 950, `reported after ${Date.now() - typedAt} ms`);
    assert.deepEqual(afterPause.map((d) => [d.code, d.range.start.line]), [['invalid-requirement', 1], ['invalid-requirement', 2]]);
  });

  it('shows the held-back finding as soon as the cursor leaves the line', async () => {
    const { client } = workspace;
    const uri = await workspace.open('requirements.txt', 'pip-requirements', 'fastapi==0.104.0\n');
    await client.diagnostics(uri, (p) => p.version === 1);
    await insert(client, uri, 2, 1, 0, 'pydantic==');
    assert.deepEqual(await client.diagnostics(uri, (p) => p.version === 2), []);
    const movedAt = Date.now();
    await client.connection.sendNotification('stacklint/cursorLine', { uri, line: 0 });
    const shown = await client.diagnostics(uri, (p) => p.diagnostics.length > 0, 3000);
    assert.ok(Date.now() - movedAt < 900, `shown after ${Date.now() - movedAt} ms, before the pause would end`);
    assert.deepEqual(shown.map((d) => [d.code, d.range.start.line]), [['invalid-requirement', 1]]);
  });

  it('an edit on another line shows the finding of the line left behind', async () => {
    const { client } = workspace;
    const uri = await workspace.open('requirements.txt', 'pip-requirements', 'fastapi==0.104.0\n');
    await client.diagnostics(uri, (p) => p.version === 1);
    await insert(client, uri, 2, 1, 0, 'pydantic==\n');
    // The newline moved the cursor to line 2: line 1 is left behind and reported without waiting.
    const shown = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(shown.map((d) => [d.code, d.range.start.line]), [['invalid-requirement', 1]]);
  });
});
