import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { countStacklintProblems } from '../../client/src/statusBar';
import { activeApi, closeAllEditors, editorSuite, hasRule, openFile, ruleOf, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

interface LintWorkspaceResult {
  files: number;
  problems: number;
}

editorSuite('Workspace and settings', () => {
  test('"Lint Workspace" reports files that were never opened', async () => {
    const unopened = workspaceUri('app', 'unopened.py');
    assert.ok(!vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === unopened.toString()));
    const result = await vscode.commands.executeCommand<LintWorkspaceResult>('stacklint.lintWorkspace');
    assert.ok(result, 'the command returns the server result');
    // 9 Python files, 4 requirements files, pyproject.toml and 2 Dockerfiles.
    assert.ok(result.files >= 16, `files linted: ${result.files}`);
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

  test('Lint Workspace, the Problems panel and the status bar give one count, open files included', async () => {
    const api = await activeApi();
    const editor = await openFile('app', 'main.py');
    await waitForDiagnostics(editor.document.uri, 'bare-except', hasRule('bare-except'));
    const result = await vscode.commands.executeCommand<LintWorkspaceResult>('stacklint.lintWorkspace');
    assert.ok(result && result.problems > 0, `problems: ${result?.problems}`);
    // The Problems panel lists what getDiagnostics holds; diagnostics arrive as notifications after the answer.
    await waitFor(`the Problems panel to count ${result.problems}`,
      () => (countStacklintProblems() === result.problems ? true : undefined), [vscode.languages.onDidChangeDiagnostics])
      .catch((error: Error) => { throw new Error(`${error.message}; it counts ${countStacklintProblems()}`); });
    await waitFor(`the status bar to count ${result.problems}`,
      () => (api.statusBar.problems === result.problems && api.statusBar.text.endsWith(`: ${result.problems}`) ? true : undefined),
      [api.statusBar.onDidChange]);
  });

  test('a workspace folder added at runtime is linted with its own configuration, and dropped when removed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklint-added-'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.stacklint]\ndisable = ["print-call"]\n');
    fs.writeFileSync(path.join(dir, 'job.py'), 'print(1)\ntry:\n    pass\nexcept:\n    pass\n');
    fs.writeFileSync(path.join(dir, 'never_opened.py'), 'try:\n    pass\nexcept:\n    pass\n');
    const folders = () => vscode.workspace.workspaceFolders ?? [];
    const count = folders().length;
    const before = await vscode.commands.executeCommand<LintWorkspaceResult>('stacklint.lintWorkspace');
    const folderChange = (expected: number) => waitFor(`${expected} workspace folders`,
      () => (folders().length === expected ? true : undefined), [vscode.workspace.onDidChangeWorkspaceFolders]);
    try {
      assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: vscode.Uri.file(dir), name: 'added' }));
      await folderChange(count + 1);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'job.py')));
      await vscode.window.showTextDocument(document);
      // The added folder's own [tool.stacklint] turns print-call off there.
      await waitForDiagnostics(document.uri, 'bare-except but no print-call',
        (found) => hasRule('bare-except')(found) && !hasRule('print-call')(found));
      // The client tells the server about the folder asynchronously: Lint Workspace walks it once the server knows.
      let walked = 0;
      for (let attempt = 0; attempt < 20 && walked <= before.files; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
        walked = (await vscode.commands.executeCommand<LintWorkspaceResult>('stacklint.lintWorkspace')).files;
      }
      // The added folder holds pyproject.toml, job.py and never_opened.py.
      assert.strictEqual(walked, before.files + 3);
      await waitForDiagnostics(vscode.Uri.file(path.join(dir, 'never_opened.py')), 'bare-except in the added folder', hasRule('bare-except'));
    } finally {
      await closeAllEditors();
      const index = folders().findIndex((folder) => folder.uri.fsPath === dir);
      if (index >= 0) {
        vscode.workspace.updateWorkspaceFolders(index, 1);
        await folderChange(count);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await waitForDiagnostics(vscode.Uri.file(path.join(dir, 'never_opened.py')), 'the removed folder to be cleared', (found) => found.length === 0);
  });

  // After the Problems panel count: the files it adds leave their diagnostics behind.
  test('"Lint Workspace" lints a large folder on worker threads and answers the next run from .stacklint_cache', async () => {
    const folder = workspaceUri().fsPath;
    const many = path.join(folder, 'many');
    fs.mkdirSync(many);
    for (let i = 0; i < 80; i++) fs.writeFileSync(path.join(many, `m${i}.py`), i % 2 ? 'print(1)\n' : 'x = 1\n');
    try {
      const first = await vscode.commands.executeCommand<LintWorkspaceResult>('stacklint.lintWorkspace');
      await waitForDiagnostics(vscode.Uri.file(path.join(many, 'm41.py')), 'print-call in a file linted on a worker', hasRule('print-call'));
      assert.ok(fs.existsSync(path.join(folder, '.stacklint_cache', 'editor.json')), 'a trusted workspace keeps the cache');
      const second = await vscode.commands.executeCommand<LintWorkspaceResult>('stacklint.lintWorkspace');
      assert.deepStrictEqual(second, first);
    } finally {
      fs.rmSync(many, { recursive: true, force: true });
    }
  });

  // Last: it rewrites files of the workspace copy.
  test('"Fix All Safe Problems in Workspace" applies safe fixes to files never opened and leaves unsafe ones', async () => {
    const target = workspaceUri('app', 'legacy_time.py');
    assert.ok(!vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === target.toString()));
    const result = await vscode.commands.executeCommand<{ files: number; fixed: number }>('stacklint.fixAllWorkspace');
    assert.ok(result && result.fixed >= 1, `fixed: ${result?.fixed} of ${result?.files}`);
    const fixed = await vscode.workspace.openTextDocument(target);
    // pytz.utc -> timezone.utc is safe; print -> logging is not, so print stays for review.
    assert.strictEqual(fixed.getText(), 'from datetime import timezone\n\n\ndef stamp():\n    print("stamp")\n    return timezone.utc\n');
    const main = await vscode.workspace.openTextDocument(workspaceUri('app', 'main.py'));
    assert.match(main.getText(), /except:/, 'the unsafe bare-except fix is not applied');
  });
});
