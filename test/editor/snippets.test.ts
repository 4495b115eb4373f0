import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { editorSuite, hasRule, openFile, ruleOf, waitForDiagnostics, waitForText } from './helpers';

editorSuite('Snippets', () => {
  test('the FastAPI snippet inserts an app with /health and stacklint stays quiet on it', async () => {
    const editor = await openFile('app', 'snippet_target.py');
    const uri = editor.document.uri;
    // The file's one print call is the witness that the server re-linted after the insert.
    await waitForDiagnostics(uri, 'print-call on line 1', (found) => found.some((d) => ruleOf(d) === 'print-call' && d.range.start.line === 0));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'python', name: 'FastAPI app with /health' });
    const text = await waitForText(editor.document, 'the snippet', (current) => current.includes('@app.get("/health")'));
    assert.match(text, /^from fastapi import FastAPI\n/);
    await vscode.commands.executeCommand('leaveSnippet');
    const printLine = editor.document.getText().split('\n').findIndex((line) => line.startsWith('print('));
    const diagnostics = await waitForDiagnostics(uri, `print-call moved to line ${printLine + 1}`,
      (found) => found.some((d) => ruleOf(d) === 'print-call' && d.range.start.line === printLine));
    assert.deepStrictEqual(diagnostics.map(ruleOf), ['print-call'], 'the snippet itself has no finding');
  });

  test('snippets are offered by their sl- prefix in completion', async () => {
    const editor = await openFile('app', 'snippet_target.py');
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), 'sl-\n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(0, 3));
    const labels = list.items
      .filter((item) => item.kind === vscode.CompletionItemKind.Snippet)
      .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const prefix of ['sl-fastapi-app', 'sl-utc-now', 'sl-logger']) {
      assert.ok(labels.includes(prefix), `${prefix} in ${labels.join(', ')}`);
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('requirements snippets are contributed for pip-requirements', async () => {
    const editor = await openFile('requirements-dev.txt');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'pip-requirements', name: 'Development requirements (§4.4)' });
    const text = await waitForText(editor.document, 'the dev set', (current) => current.includes('pytest-cov=='));
    assert.match(text, /^pytest==7\.4\.3$/m);
    await waitForDiagnostics(editor.document.uri, 'no invalid-requirement', (found) => !hasRule('invalid-requirement')(found));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
