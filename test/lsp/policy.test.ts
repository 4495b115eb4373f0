import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { REPO } from '../support/fixtures';
import { useWorkspaceServer } from '../support/lspClient';

const TEAM = join(REPO, 'test', 'fixtures', 'policy', 'team');
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`);

describe('language server: the team policy file', function () {
  this.timeout(15000);
  const workspace = useWorkspaceServer('policy');

  beforeEach(() => cpSync(TEAM, workspace.dir, { recursive: true }));

  it("reports by the team's policy and follows live edits of the policy file, without a restart", async () => {
    const { client } = workspace;
    const requirements = workspace.uri('requirements.txt');
    const policy = workspace.uri('stack.toml');
    const original = readFileSync(join(workspace.dir, 'stack.toml'), 'utf8');
    await client.open(requirements, 'pip-requirements', readFileSync(join(workspace.dir, 'requirements.txt'), 'utf8'));
    const team = await client.diagnostics(requirements);
    assert.deepEqual(codes(team), ['1:below-stack-version', '2:off-stack-dependency', '3:off-stack-dependency']);
    assert.match(team[0].message, /minimum 0\.110\.0/);

    // Unsaved edit of the open policy buffer: requests is allowed again and the floor drops back.
    await client.open(policy, 'toml', original);
    const relaxed = original.replace('status = "banned"', 'status = "standard"').replace('minimum = "0.110.0"\n', '');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: policy, version: 2 }, contentChanges: [{ text: relaxed }] });
    const after = await client.diagnostics(requirements, (p) => p.diagnostics.length === 1);
    assert.deepEqual(codes(after), ['3:off-stack-dependency']);

    // A broken edit: an error on the policy file, and the default policy applies meanwhile.
    const broken = original.replace('status = "banned"', 'status = "forbidden"');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: policy, version: 3 }, contentChanges: [{ text: broken }] });
    const onPolicy = await client.diagnostics(policy, (p) => p.diagnostics.length > 0);
    assert.deepEqual(onPolicy.map((d) => [d.range.start.line + 1, d.code, d.severity]), [[7, 'invalid-configuration', 1]]);
    assert.match(onPolicy[0].message, /packages\.requests\.status must be one of standard, banned, discouraged/);
    assert.deepEqual(await client.diagnostics(requirements, (p) => p.diagnostics.length === 0), []);

    // Fixed again: the problem clears and the team's findings are back.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: policy, version: 4 }, contentChanges: [{ text: original }] });
    assert.deepEqual(await client.diagnostics(policy, (p) => p.diagnostics.length === 0), []);
    assert.deepEqual(codes(await client.diagnostics(requirements, (p) => p.diagnostics.length === 3)), codes(team));
  });

  it('re-reads a policy file changed on disk and reports the broken file on the policy key too', async () => {
    const { client } = workspace;
    const main = workspace.uri('app/main.py');
    const pyproject = workspace.uri('pyproject.toml');
    await client.open(main, 'python', readFileSync(join(workspace.dir, 'app', 'main.py'), 'utf8'));
    assert.deepEqual(codes(await client.diagnostics(main)), ['1:off-stack-import']);
    await client.open(pyproject, 'toml', readFileSync(join(workspace.dir, 'pyproject.toml'), 'utf8'));
    assert.deepEqual(await client.diagnostics(pyproject), []);

    writeFileSync(join(workspace.dir, 'stack.toml'), '[packages.requests\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('stack.toml'), type: 2 }] });
    assert.deepEqual(await client.diagnostics(main, (p) => p.diagnostics.length === 0), []);
    const onKey = await client.diagnostics(pyproject, (p) => p.diagnostics.length > 0);
    assert.deepEqual(onKey.map((d) => [d.range.start.line + 1, d.code]), [[7, 'invalid-configuration']]);
    assert.match(onKey[0].message, /the default policy applies/);
    const onPolicy = await client.diagnostics(workspace.uri('stack.toml'), (p) => p.diagnostics.length > 0);
    assert.match(onPolicy[0].message, /not valid TOML/);
  });
});

describe('language server: links to the standard and the rule pages', function () {
  this.timeout(15000);
  const workspace = useWorkspaceServer('links');

  it("links a diagnostic's rule to its shipped page and each § of its message to the standard's heading", async () => {
    const { diagnostics: [print] } = await workspace.lint('app.py', 'python', 'print(1)\n');
    const page = fileURLToPath(print.codeDescription!.href);
    assert.ok(page.endsWith(join('docs', 'rules', 'print-call.md')) && existsSync(page), page);
    const related = print.relatedInformation!.map((info) => [info.message, info.location.uri.replace(/^.*\//, ''), info.location.range.start.line]);
    const standard = readFileSync(join(REPO, 'docs', 'TECH_STACK.md'), 'utf8').split('\n');
    assert.deepEqual(related, [
      ['§3.4 Logging', 'TECH_STACK.md', standard.indexOf('### 3.4 Logging')],
      ['§7 ANTI-PATTERNS', 'TECH_STACK.md', standard.indexOf('## 7. ANTI-PATTERNS')],
    ]);
  });
});
