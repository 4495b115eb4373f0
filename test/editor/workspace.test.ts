import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activeApi, closeAllEditors, hasRule, openFile, ruleOf, waitForDiagnostics, workspaceUri } from './helpers';

interface LintWorkspaceResult {
  files: number;
  problems: number;
}

suite('Workspace and settings', () => {
  suiteSetup(activeApi);
  teardown(closeAllEditors);

  test('"Lint Workspace" reports files that were never opened', async () => {
    const unopened = workspaceUri('app', 'unopened.py');
    assert.ok(!vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === unopened.toString()));
    const result = await vscode.commands.executeCommand<LintWorkspaceResult>('stacklint.lintWorkspace');
    assert.ok(result, 'the command returns the server result');
    // 8 Python files, 4 requirements files and pyproject.toml.
    assert.ok(result.files >= 13, `files linted: ${result.files}`);
    assert.ok(result.problems > 0, `problems: ${result.problems}`);
    await waitForDiagnostics(unopened, 'print-call', hasRule('print-call'));
  });

  test('stacklint.severity overrides a rule severity without a restart', async () => {
    const config = vscode.workspace.getConfiguration('stacklint');
    const editor = await openFile('app', 'main.py');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, 'bare-except as a warning',
      (found) => found.some((d) => ruleOf(d) === 'bare-except' && d.severity === vscode.DiagnosticSeverity.Warning));
    await config.update('severity', { 'bare-except': 'error' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(uri, 'bare-except as an error',
        (found) => found.some((d) => ruleOf(d) === 'bare-except' && d.severity === vscode.DiagnosticSeverity.Error));
      await config.update('severity', { 'bare-except': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, 'bare-except to go', (found) => !hasRule('bare-except')(found));
    } finally {
      await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, 'bare-except back', hasRule('bare-except'));
  });

  test('"Restart Server" brings the server back with its diagnostics', async () => {
    const api = await activeApi();
    await vscode.commands.executeCommand('stacklint.restartServer');
    assert.strictEqual(api.statusBar.state, 'running');
    // Stopping the client drops its diagnostics: seeing them again proves the new server linted.
    const editor = await openFile('app', 'main.py');
    await waitForDiagnostics(editor.document.uri, 'bare-except after the restart', hasRule('bare-except'));
  });
});
