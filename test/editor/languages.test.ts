import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, workspaceUri } from './helpers';

suite('Language contributions', () => {
  teardown(closeAllEditors);

  for (const file of ['requirements.txt', 'requirements-dev.txt', 'requirements/base.txt', 'constraints.txt']) {
    test(`${file} opens as pip-requirements`, async () => {
      const document = await vscode.workspace.openTextDocument(workspaceUri(...file.split('/')));
      assert.strictEqual(document.languageId, 'pip-requirements');
    });
  }

  test('Python files stay python', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('app', 'main.py'));
    assert.strictEqual(document.languageId, 'python');
  });
});
