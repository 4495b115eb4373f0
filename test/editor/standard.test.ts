import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { editorSuite, hasRule, openFile, ruleOf, waitFor, waitForDiagnostics } from './helpers';

editorSuite('The standard, linked', () => {
  test("a hover's § link opens the shipped standard at that heading, with the Markdown preview beside it", async () => {
    const editor = await openFile('requirements.txt');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, 'off-stack-dependency on flask', hasRule('off-stack-dependency'));
    const line = editor.document.getText().split('\n').findIndex((text) => text.startsWith('flask'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 2));
    const markdown = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
    const link = /\[§2\.1\]\(command:stacklint\.openStandard\?([^ )]+)/.exec(markdown);
    assert.ok(link, `a § link in the hover: ${markdown}`);
    const args = JSON.parse(decodeURIComponent(link[1])) as [string, string, number];

    const opened = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('stacklint.openStandard', ...args);
    assert.ok(opened, 'the standard opened');
    assert.match(opened.document.uri.path, /\/docs\/TECH_STACK\.md$/);
    assert.strictEqual(opened.document.lineAt(args[2]).text, '### 2.1 Backend Framework');
    assert.ok(opened.visibleRanges.some((range) => range.contains(new vscode.Position(args[2], 0))), 'the heading is in view');
    const preview = await waitFor('the Markdown preview of TECH_STACK.md', () => vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((tab) => /TECH_STACK/.test(tab.label) && (tab.input instanceof vscode.TabInputWebview || /Preview/.test(tab.label))), [vscode.window.tabGroups.onDidChangeTabs]);
    assert.ok(preview);
  });

  test("a diagnostic's rule link is the rule page shipped with the extension", async () => {
    const editor = await openFile('requirements.txt');
    const diagnostic = (await waitForDiagnostics(editor.document.uri, 'off-stack-dependency', hasRule('off-stack-dependency')))
      .find((found) => ruleOf(found) === 'off-stack-dependency')!;
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.target.scheme, 'file');
    assert.match(code.target.path, /\/docs\/rules\/[a-z-]+\.md$/);
    await vscode.workspace.fs.stat(code.target);
    const related = diagnostic.relatedInformation?.find((info) => /TECH_STACK\.md$/.test(info.location.uri.path));
    assert.ok(related, 'the § of the message as related information');
  });
});
