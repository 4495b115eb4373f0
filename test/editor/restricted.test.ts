import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activeApi, closeAllEditors, hasRule, openFile, waitForDiagnostics } from './helpers';

// Runs alone, in a second VS Code whose workspace is not trusted (see scripts/run-editor-tests.js).
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
});
