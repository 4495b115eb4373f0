import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { editorSuite, openFile, ruleOf, waitForDiagnostics } from './helpers';

editorSuite('Typing in a requirements file', () => {
  test('after `pydantic==` the reference pin is offered first, then the stack minimum', async () => {
    const editor = await openFile('requirements.txt');
    const uri = editor.document.uri;
    const line = editor.document.lineCount - 1;
    assert.strictEqual(editor.document.lineAt(line).text, '', 'the fixture ends with a newline');
    try {
      assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(line, 0), 'pydantic==')));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, 10), '=');
      const versions = list.items
        .filter((item) => /reference pin|stack minimum/.test(item.detail ?? ''))
        .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
        .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      assert.deepStrictEqual(versions, ['2.5.0', '2.0']);
      // The half-typed line is reported once the user pauses.
      await waitForDiagnostics(uri, 'invalid-requirement on the typed line after the pause',
        (found) => found.some((d) => ruleOf(d) === 'invalid-requirement' && d.range.start.line === line));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
