import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeApi, closeAllEditors, hasRule, openFile, ruleOf, waitForDiagnostics } from './helpers';

// Runs alone, in a second VS Code whose workspace is not trusted, with stacklint
// installed rather than under development (see scripts/run-editor-tests.js).
suite('Restricted Mode', () => {
  teardown(closeAllEditors);

  test('the extension is active in an untrusted workspace and shows diagnostics', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the workspace must open in Restricted Mode');
    const api = await activeApi();
    assert.strictEqual(api.statusBar.state, 'running');
    const editor = await openFile('app', 'main.py');
    await waitForDiagnostics(editor.document.uri, 'print-call and bare-except',
      (found) => hasRule('print-call')(found) && hasRule('bare-except')(found));
    const requirements = await openFile('requirements.txt');
    await waitForDiagnostics(requirements.document.uri, 'off-stack-dependency', hasRule('off-stack-dependency'));
  });

  test('Lint Workspace neither reads nor writes .stacklint_cache in an untrusted workspace', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; problems: number }>('stacklint.lintWorkspace');
    assert.ok(result && result.problems > 0, `problems: ${result?.problems}`);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      assert.ok(!fs.existsSync(path.join(folder.uri.fsPath, '.stacklint_cache')), `${folder.uri.fsPath} got a cache`);
    }
  });

  test("a workspace's stacklint.configuration is ignored until the workspace is trusted", async () => {
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklint-shared-'));
    fs.writeFileSync(path.join(shared, 'pyproject.toml'), '[tool.stacklint]\ndisable = ["print-call"]\n');
    const config = vscode.workspace.getConfiguration('stacklint');
    const editor = await openFile('app', 'main.py');
    const uri = editor.document.uri;
    try {
      // Both settings change at once; the severity one applies (it is not restricted), which shows the settings were read again.
      await config.update('configuration', path.join(shared, 'pyproject.toml'), vscode.ConfigurationTarget.Workspace);
      await config.update('severity', { 'bare-except': 'error' }, vscode.ConfigurationTarget.Workspace);
      const found = await waitForDiagnostics(uri, 'bare-except as an error',
        (all) => all.some((d) => ruleOf(d) === 'bare-except' && d.severity === vscode.DiagnosticSeverity.Error));
      assert.ok(hasRule('print-call')(found), 'print-call is still reported: the shared configuration was not used');
    } finally {
      await config.update('configuration', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(shared, { recursive: true, force: true });
    }
  });
});
