import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CURSOR_LINE_NOTIFICATION, type CursorLineParams } from '../../server/src/lsp/protocol';

// The server holds back invalid-requirement on the line being typed; it is told when the cursor leaves that line.
const DEPENDENCY_LANGUAGES = new Set(['pip-requirements', 'toml']);

/** Sends the cursor's line in dependency files whenever it moves to another line. */
export function trackCursorLine(client: () => LanguageClient): vscode.Disposable {
  const lines = new Map<string, number>();
  return vscode.window.onDidChangeTextEditorSelection(({ textEditor, selections }) => {
    const document = textEditor.document;
    if (!DEPENDENCY_LANGUAGES.has(document.languageId) || selections.length !== 1) return;
    const uri = document.uri.toString();
    const line = selections[0].active.line;
    if (lines.get(uri) === line) return;
    lines.set(uri, line);
    const current = client();
    if (current.state === State.Running) void current.sendNotification(CURSOR_LINE_NOTIFICATION, { uri, line } satisfies CursorLineParams);
  });
}
