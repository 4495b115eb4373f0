import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  applyCodeAction, codeActions, editorSuite, hasRule, openFile, quickFixesFor, ruleOf, waitFor, waitForDiagnostics, waitForText,
} from './helpers';

const FIXABLE = ['print-call', 'bare-except'];

editorSuite('Code actions', () => {
  test('the bare-except quick fix rewrites the clause and the diagnostic goes', async () => {
    const editor = await openFile('app', 'quickfix.py');
    const uri = editor.document.uri;
    const actions = await quickFixesFor(uri, 'bare-except');
    const titles = actions.map((action) => action.title);
    // The rule's own fix comes first; the generic actions follow it.
    const fix = actions.find((action) => !/^(Disable|Show documentation) /.test(action.title));
    assert.ok(fix?.edit, `a quick fix with an edit, got: ${titles.join(' | ')}`);
    assert.ok(titles.includes('Disable bare-except for this line'), `disable action in: ${titles.join(' | ')}`);
    const docs = actions.find((action) => action.title === 'Show documentation for bare-except');
    assert.deepStrictEqual(docs?.command?.command, 'stacklint.showDocumentation');
    assert.deepStrictEqual(docs?.command?.arguments, ['bare-except']);

    // The menu offers unsafe fixes too, and says so.
    assert.match(fix.title, /\(unsafe\)$/);
    await applyCodeAction(fix);
    assert.strictEqual(editor.document.lineAt(4).text, '    except Exception:');
    await waitForDiagnostics(uri, 'bare-except to go', (found) => !hasRule('bare-except')(found));
  });

  test('"Disable <rule> for this line" silences the finding with a comment', async () => {
    const editor = await openFile('app', 'disable.py');
    const uri = editor.document.uri;
    const actions = await quickFixesFor(uri, 'print-call');
    const disable = actions.find((action) => action.title === 'Disable print-call for this line');
    assert.ok(disable, `disable action in: ${actions.map((a) => a.title).join(' | ')}`);
    await applyCodeAction(disable);
    assert.match(editor.document.lineAt(1).text, /print\("request received"\)\s+# stacklint: disable=print-call$/);
    await waitForDiagnostics(uri, 'print-call to go', (found) => !hasRule('print-call')(found));
  });

  test('Show documentation opens the rule page in the Markdown preview', async () => {
    await vscode.commands.executeCommand('stacklint.showDocumentation', 'bare-except');
    const tab = await waitFor('a preview tab of bare-except.md', () => vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((candidate) => /bare-except/.test(candidate.label)), [vscode.window.tabGroups.onDidChangeTabs]);
    assert.ok(tab.input instanceof vscode.TabInputWebview || /Preview/.test(tab.label), `tab "${tab.label}" is a preview`);
  });

  test('"Stack Lint: Fix All Problems" applies unsafe fixes only with stacklint.fixAll.unsafe', async () => {
    const editor = await openFile('app', 'fixall.py');
    const uri = editor.document.uri;
    const before = editor.document.getText();
    await waitForDiagnostics(uri, 'print-call and bare-except',
      (found) => hasRule('print-call')(found) && hasRule('bare-except')(found));
    // By default only safe fixes: print-call and bare-except have none, so nothing changes.
    await vscode.commands.executeCommand('stacklint.fixAll');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.strictEqual(editor.document.getText(), before);
    const settings = vscode.workspace.getConfiguration('stacklint');
    await settings.update('fixAll.unsafe', true, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('stacklint.fixAll');
      const text = await waitForText(editor.document, 'all fixes applied',
        (current) => !current.includes('print(') && current.includes('except Exception:'));
      assert.match(text, /logger\.info\("%s %s", "start", value\)/);
      assert.match(text, /logger\.info\("failed"\)/);
      await waitForDiagnostics(uri, 'no fixable finding', (found) => !found.some((d) => FIXABLE.includes(ruleOf(d) ?? '')));
    } finally {
      await settings.update('fixAll.unsafe', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('fix on save (source.fixAll.stacklint) applies the safe pytz fix and leaves `except:` alone by default', async () => {
    const editorSettings = vscode.workspace.getConfiguration('editor');
    await editorSettings.update('codeActionsOnSave', { 'source.fixAll.stacklint': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openFile('app', 'fixall_on_save.py');
      const uri = editor.document.uri;
      await waitForDiagnostics(uri, 'pytz-usage and bare-except', (found) => hasRule('pytz-usage')(found) && hasRule('bare-except')(found));
      // A real, explicit save: the editor runs the code actions on save first.
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '"""Parsing helpers."""\n'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      const text = await waitForText(editor.document, 'the pytz fix', (current) => !current.includes('pytz'));
      assert.match(text, /UTC = timezone\.utc/);
      assert.match(text, /    except:\n        return 0/);
      assert.strictEqual(editor.document.isDirty, false);
      await waitForDiagnostics(uri, 'bare-except to stay', (found) => hasRule('bare-except')(found) && !hasRule('pytz-usage')(found));
    } finally {
      await editorSettings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('source.fixAll.stacklint has nothing to do where only unsafe fixes exist', async () => {
    const editor = await openFile('app', 'unsafe_only.py');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, 'bare-except', hasRule('bare-except'));
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await codeActions(uri, whole, 'source.fixAll.stacklint');
    // Only unsafe fixes here: fix-all offers nothing to do.
    assert.deepStrictEqual(actions.filter((action) => action.kind?.value === 'source.fixAll.stacklint'), []);
  });

  test('"Source Action..." lists the fix-all action', async () => {
    // pytz-usage has a safe fix, which fix-all applies by default.
    const editor = await openFile('app', 'safe_fix.py');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, 'pytz-usage', hasRule('pytz-usage'));
    // The Source Action menu asks for the `source` kind at the cursor, with no diagnostics in the context.
    const actions = await codeActions(uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.Source.value);
    const kinds = actions.map((action) => `${action.title} (${action.kind?.value})`);
    assert.ok(kinds.includes('Fix all stacklint problems (source.fixAll.stacklint)'), `source actions: ${kinds.join(' | ')}`);
  });
});
