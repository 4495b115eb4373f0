import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  applyCodeAction, codeActions, editorSuite, hasRule, ruleOf, stacklintDiagnostics, waitForDiagnostics, workspaceUri,
} from './helpers';

editorSuite('Notebooks', () => {
  test('an import in the first cell counts in the third, and the fix edits both cells', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebooks', 'analysis.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    assert.strictEqual(notebook.notebookType, 'jupyter-notebook');
    const third = notebook.cellAt(2).document;
    // `datetime` is imported in cell 1 and called in cell 3: only the cells linted as one module see a naive datetime.
    const [naive] = (await waitForDiagnostics(third.uri, 'naive-datetime in the third cell', hasRule('naive-datetime')))
      .filter((d) => ruleOf(d) === 'naive-datetime');
    assert.deepStrictEqual([naive.range.start.line, naive.range.start.character], [0, 8]);
    // The `%pip` magic in cell 2 is no syntax problem, and nothing lands on the wrong cell.
    assert.deepStrictEqual(stacklintDiagnostics(notebook.cellAt(0).document.uri), []);
    assert.deepStrictEqual(stacklintDiagnostics(notebook.cellAt(1).document.uri), []);

    const actions = await codeActions(third.uri, naive.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Pass `timezone.utc`');
    assert.ok(fix, `the naive-datetime fix in: ${actions.map((a) => a.title).join(' | ')}`);
    await applyCodeAction(fix);
    assert.strictEqual(notebook.cellAt(0).document.getText(), 'from datetime import datetime, timezone\n');
    assert.strictEqual(notebook.cellAt(2).document.lineAt(0).text, 'stamp = datetime.now(timezone.utc)');
    await waitForDiagnostics(third.uri, 'naive-datetime to go', (found) => !hasRule('naive-datetime')(found));
  });
});
