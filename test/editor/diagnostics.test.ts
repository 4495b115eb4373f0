import * as assert from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { SERVER_MALLOC_ENV, SERVER_NODE_FLAGS } from '../../server/src/lsp/protocol';
import { activeApi, editorSuite, hasRule, openFile, ruleOf, waitFor, waitForDiagnostics } from './helpers';

function rangeOf(diagnostic: vscode.Diagnostic): [number, number, number, number] {
  const { start, end } = diagnostic.range;
  return [start.line, start.character, end.line, end.character];
}

editorSuite('Diagnostics', () => {
  test('a Python file shows print-call and bare-except where they are', async () => {
    const editor = await openFile('app', 'main.py');
    const diagnostics = await waitForDiagnostics(editor.document.uri, 'print-call and bare-except',
      (found) => hasRule('print-call')(found) && hasRule('bare-except')(found));
    const printCall = diagnostics.find((d) => ruleOf(d) === 'print-call')!;
    assert.deepStrictEqual(rangeOf(printCall).slice(0, 2), [1, 4], 'print-call starts at the print call');
    assert.strictEqual(printCall.severity, vscode.DiagnosticSeverity.Warning);
    const bareExcept = diagnostics.find((d) => ruleOf(d) === 'bare-except')!;
    assert.deepStrictEqual(rangeOf(bareExcept), [4, 4, 4, 10], 'bare-except covers the except keyword');
    const code = bareExcept.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /bare-except/, 'the code links to the rule documentation');
  });

  test('a requirements file shows off-stack-dependency on flask', async () => {
    const editor = await openFile('requirements.txt');
    assert.strictEqual(editor.document.languageId, 'pip-requirements');
    const diagnostics = await waitForDiagnostics(editor.document.uri, 'off-stack-dependency', hasRule('off-stack-dependency'));
    const flask = diagnostics.filter((d) => ruleOf(d) === 'off-stack-dependency');
    assert.deepStrictEqual(flask.map((d) => d.range.start.line), [1], 'only flask (line 2) is off the stack');
    assert.match(flask[0].message, /flask/i);
  });

  test('pyproject.toml is linted: a dependency below the stack minimum', async () => {
    const editor = await openFile('pyproject.toml');
    const diagnostics = await waitForDiagnostics(editor.document.uri, 'below-stack-version', hasRule('below-stack-version'));
    const below = diagnostics.filter((d) => ruleOf(d) === 'below-stack-version');
    assert.deepStrictEqual(below.map((d) => d.range.start.line), [4], 'the fastapi>=0.95 line');
  });

  test('the status bar shows the running server and the problem count', async () => {
    const api = await activeApi();
    await openFile('app', 'main.py');
    const total = () => vscode.languages.getDiagnostics()
      .reduce((sum, [, list]) => sum + list.filter((d) => d.source === 'stacklint').length, 0);
    // The count settles shortly after the last diagnostics change.
    const text = await waitFor('status bar showing every stacklint problem',
      () => (api.statusBar.state === 'running' && api.statusBar.problems > 0 && api.statusBar.problems === total()
        ? api.statusBar.text : undefined),
      [api.statusBar.onDidChange, vscode.languages.onDidChangeDiagnostics]);
    assert.ok(text.includes(`Stack Lint: ${total()}`), `status text "${text}" shows ${total()}`);
  });

  test('the server runs with the Node flags and malloc settings the client gives it', async () => {
    const editor = await openFile('app', 'main.py');
    await waitForDiagnostics(editor.document.uri, 'print-call', hasRule('print-call'));
    // The client tells its server this extension host's process id; the server is found by it.
    const servers = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.some((arg) => arg.endsWith('server.js')) && args.includes(`--clientProcessId=${process.pid}`) ? [{ pid, args }] : [];
      } catch {
        return [];
      }
    });
    assert.strictEqual(servers.length, 1, `one server of this extension host: ${JSON.stringify(servers)}`);
    const [{ pid, args }] = servers;
    for (const flag of SERVER_NODE_FLAGS) assert.ok(args.includes(flag), `${flag} in ${args.join(' ')}`);
    const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    for (const [name, value] of Object.entries(SERVER_MALLOC_ENV)) assert.ok(environment.includes(`${name}=${value}`), `${name}=${value}`);
  });
});
