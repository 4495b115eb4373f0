import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { applyCodeAction, editorSuite, hasRule, openFile, quickFixesFor, ruleOf, waitForDiagnostics } from './helpers';

editorSuite('Dockerfiles', () => {
  test('a Dockerfile opens as dockerfile and shows the §2.7/§2.8 findings where they are', async () => {
    const editor = await openFile('Dockerfile');
    assert.strictEqual(editor.document.languageId, 'dockerfile');
    const diagnostics = await waitForDiagnostics(editor.document.uri, 'pip-no-cache-dir and dev-server-in-container',
      (found) => hasRule('pip-no-cache-dir')(found) && hasRule('dev-server-in-container')(found));
    assert.deepStrictEqual(diagnostics.map((d) => [ruleOf(d), d.range.start.line, d.range.start.character]).sort(), [
      ['dev-server-in-container', 8, 71],
      ['pip-no-cache-dir', 3, 4],
    ]);
    const reload = diagnostics.find((d) => ruleOf(d) === 'dev-server-in-container')!;
    assert.strictEqual(editor.document.getText(reload.range), '"--reload"');
    const code = reload.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /dev-server-in-container\.md$/);
  });

  test('*.Dockerfile is linted too: base image and a secret in ENV', async () => {
    const editor = await openFile('deploy', 'worker.Dockerfile');
    assert.strictEqual(editor.document.languageId, 'dockerfile');
    const diagnostics = await waitForDiagnostics(editor.document.uri, 'off-stack-base-image and secret-in-dockerfile',
      (found) => hasRule('off-stack-base-image')(found) && hasRule('secret-in-dockerfile')(found));
    const secret = diagnostics.find((d) => ruleOf(d) === 'secret-in-dockerfile')!;
    assert.strictEqual(secret.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(editor.document.getText(secret.range), 'QUEUE_TOKEN=not-a-real-token');
  });

  test('the --no-cache-dir quick fix is preferred, rewrites the RUN, and the finding goes', async () => {
    const editor = await openFile('Dockerfile');
    const uri = editor.document.uri;
    const actions = await quickFixesFor(uri, 'pip-no-cache-dir');
    const fix = actions.find((action) => action.title === 'Add `--no-cache-dir`');
    assert.ok(fix?.edit, `the fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(fix.isPreferred, true);
    await applyCodeAction(fix);
    assert.strictEqual(editor.document.lineAt(3).text, 'RUN pip install --no-cache-dir -r requirements.txt');
    await waitForDiagnostics(uri, 'pip-no-cache-dir to go', (found) => !hasRule('pip-no-cache-dir')(found));
  });

  test('"Disable <rule> for this line" writes a comment line above the instruction', async () => {
    const editor = await openFile('Dockerfile');
    const uri = editor.document.uri;
    const actions = await quickFixesFor(uri, 'dev-server-in-container');
    const disable = actions.find((action) => action.title === 'Disable dev-server-in-container for this line');
    assert.ok(disable, `disable action in: ${actions.map((a) => a.title).join(' | ')}`);
    await applyCodeAction(disable);
    assert.strictEqual(editor.document.lineAt(8).text, '# stacklint: disable=dev-server-in-container');
    assert.match(editor.document.lineAt(9).text, /^CMD \["uvicorn"/);
    await waitForDiagnostics(uri, 'dev-server-in-container to go', (found) => !hasRule('dev-server-in-container')(found));
  });
});
