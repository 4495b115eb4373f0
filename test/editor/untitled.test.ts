import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activeApi, ruleOf, waitForDiagnostics } from './helpers';

suite('Untitled files', () => {
  suiteSetup(activeApi);

  test("an untitled Python file is linted with the workspace's configuration", async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'import sqlite3\n\nprint(sqlite3.version)\n' });
    await vscode.window.showTextDocument(document);
    try {
      assert.strictEqual(document.uri.scheme, 'untitled');
      // The fixture's pyproject.toml raises sqlite-in-production to an error; its default is a warning.
      const found = await waitForDiagnostics(document.uri, 'sqlite-in-production as an error and print-call',
        (all) => all.some((d) => ruleOf(d) === 'sqlite-in-production' && d.severity === vscode.DiagnosticSeverity.Error)
          && all.some((d) => ruleOf(d) === 'print-call'));
      assert.deepStrictEqual(found.map((d) => ruleOf(d)).sort(), ['print-call', 'sqlite-in-production']);
    } finally {
      // Closing an untitled editor would otherwise ask where to save it.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
