import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  APPLY_ALL_FIXES_COMMAND,
  FIX_WORKSPACE_COMMAND,
  LINT_WORKSPACE_REQUEST,
  PROGRESS_NOTIFICATION,
  OPEN_STANDARD_COMMAND,
  SHOW_DOCUMENTATION_COMMAND,
  type FixWorkspaceResult,
  type LintWorkspaceParams,
  type LintWorkspaceResult,
  type ProgressParams,
} from '../../server/src/lsp/protocol';

export type { LintWorkspaceResult };

/** Command ids contributed in package.json. */
export const COMMANDS = {
  fixAll: 'stacklint.fixAll',
  fixAllWorkspace: 'stacklint.fixAllWorkspace',
  restartServer: 'stacklint.restartServer',
  showOutput: 'stacklint.showOutput',
  lintWorkspace: 'stacklint.lintWorkspace',
  showDocumentation: SHOW_DOCUMENTATION_COMMAND,
  openStandard: OPEN_STANDARD_COMMAND,
} as const;

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface CommandHost {
  client(): LanguageClient;
  restart(): Promise<void>;
  outputChannel: vscode.OutputChannel;
  extensionUri: vscode.Uri;
}

export function registerCommands(host: CommandHost): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.fixAll, () => fixAll(host.client())),
    vscode.commands.registerCommand(COMMANDS.fixAllWorkspace, () => fixAllWorkspace(host.client())),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => host.restart()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => host.outputChannel.show(true)),
    vscode.commands.registerCommand(COMMANDS.lintWorkspace, () => lintWorkspace(host.client())),
    vscode.commands.registerCommand(COMMANDS.showDocumentation, (ruleId: unknown) =>
      showDocumentation(host.extensionUri, ruleId),
    ),
    vscode.commands.registerCommand(COMMANDS.openStandard, (path: unknown, anchor: unknown, line: unknown) => openStandard(path, anchor, line)),
  ];
}

/** Asks the server to apply every fix to the active editor's document, at its current version. */
async function fixAll(client: LanguageClient): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Stack Lint: open a Python or requirements file to fix.');
    return;
  }
  await client.sendRequest(ExecuteCommandRequest.type, {
    command: APPLY_ALL_FIXES_COMMAND,
    arguments: [{ uri: document.uri.toString(), version: document.version }],
  });
}

/** Applies every safe fix in every file of the workspace, as one edit the user can undo. */
async function fixAllWorkspace(client: LanguageClient): Promise<FixWorkspaceResult | undefined> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Stack Lint: fixing safe problems in the workspace' },
    () => client.sendRequest(ExecuteCommandRequest.type, { command: FIX_WORKSPACE_COMMAND, arguments: [] }) as Promise<FixWorkspaceResult | undefined>,
  );
  if (result) {
    void vscode.window.showInformationMessage(
      result.fixed > 0 ? `Stack Lint: fixed ${plural(result.fixed, 'file')} of ${result.files}; unsafe fixes are left for review.` : `Stack Lint: no safe fix to apply in ${plural(result.files, 'file')}.`,
    );
  }
  return result ?? undefined;
}

/** Lints every file of the workspace with a cancellable progress notification. */
async function lintWorkspace(client: LanguageClient): Promise<LintWorkspaceResult | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Stack Lint: linting workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const listener = client.onNotification(PROGRESS_NOTIFICATION, ({ done, total }: ProgressParams) => {
        if (total <= 0) return;
        const percent = Math.min(100, (done / total) * 100);
        // withProgress takes increments, not absolute values.
        progress.report({ message: `${done}/${total} files`, increment: percent - reported });
        reported = percent;
      });
      try {
        // With pull diagnostics the server must know which documents VS Code shows (and pulls) itself.
        const visible = vscode.window.visibleTextEditors.map((editor) => editor.document.uri.toString());
        // An untrusted workspace's .stacklint_cache could be planted to hide findings.
        const params: LintWorkspaceParams = { visible, trusted: vscode.workspace.isTrusted };
        const result = await client.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST, params, token);
        const summary = `${plural(result.problems, 'problem')} in ${plural(result.files, 'file')}`;
        void vscode.window.showInformationMessage(
          result.cancelled ? `Stack Lint: workspace lint cancelled; ${summary} so far.` : `Stack Lint: ${summary}.`,
        );
        return result;
      } catch (error) {
        if (token.isCancellationRequested) return undefined;
        throw error;
      } finally {
        listener.dispose();
      }
    },
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Opens the rule's page shipped in the extension in the Markdown preview. */
async function showDocumentation(extensionUri: vscode.Uri, ruleId: unknown): Promise<void> {
  // The id comes from a code action: never let it name a path outside docs/rules.
  if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) {
    void vscode.window.showErrorMessage(`Stack Lint: unknown rule ${String(ruleId)}.`);
    return;
  }
  const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`Stack Lint: no documentation for ${ruleId}.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}

/**
 * Opens the standard (a Markdown file) at a heading: the source scrolled so
 * the heading is at the top, and the Markdown preview beside it, which
 * follows the source's scroll position. Linked from hovers, so the
 * arguments are checked: a Markdown file and a line number.
 */
async function openStandard(path: unknown, anchor: unknown, line: unknown): Promise<vscode.TextEditor | undefined> {
  if (typeof path !== 'string' || !path.endsWith('.md') || typeof line !== 'number' || !Number.isInteger(line) || line < 0) {
    void vscode.window.showErrorMessage('Stack Lint: cannot open the standard at that section.');
    return undefined;
  }
  const uri = vscode.Uri.file(path);
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    const at = new vscode.Range(line, 0, line, 0);
    const editor = await vscode.window.showTextDocument(document, { selection: at, preview: true });
    editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    return editor;
  } catch {
    void vscode.window.showErrorMessage(`Stack Lint: cannot open ${path}${typeof anchor === 'string' ? `#${anchor}` : ''}.`);
    return undefined;
  }
}
