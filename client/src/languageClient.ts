import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { OPEN_STANDARD_COMMAND, SERVER_MALLOC_ENV, SERVER_NODE_FLAGS } from '../../server/src/lsp/protocol';

/** The client id: the languageclient reads `stacklint.trace.server` from it. */
export const CLIENT_ID = 'stacklint';

const TOML = '**/*.toml';


/**
 * Python sources (saved, untitled, and the Python cells of Jupyter notebooks),
 * pip requirements files, Dockerfiles and TOML files whatever language they
 * got: pyproject.toml, and the policy files `policy = "..."` names, whose
 * unsaved edits apply at once.
 */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { notebook: { notebookType: 'jupyter-notebook' }, language: 'python' },
  { scheme: 'file', language: 'pip-requirements' },
  { scheme: 'file', language: 'toml' },
  { scheme: 'file', pattern: TOML },
  { scheme: 'file', language: 'dockerfile' },
];

/** Builds the client for the bundled server; the caller starts it. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.OutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const env = { ...process.env, ...SERVER_MALLOC_ENV };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env, execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
  // The server re-reads configuration and re-lints when these change on disk,
  // including changes made outside the editor (git checkout, pip-compile).
  const watchers = [
    vscode.workspace.createFileSystemWatcher(TOML),
    vscode.workspace.createFileSystemWatcher('**/requirements*.txt'),
  ];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // Used when the server offers pull diagnostics: VS Code then asks for visible documents on change and save.
    diagnosticPullOptions: { onChange: true, onSave: true },
    synchronize: { fileEvents: watchers },
    initializationOptions: {},
    outputChannel,
    traceOutputChannel: outputChannel,
    // Hovers link each § to the standard through this one command, and nothing else runs from them.
    markdown: { isTrusted: { enabledCommands: [OPEN_STANDARD_COMMAND] } },
  };
  return new StacklintLanguageClient(CLIENT_ID, 'Stack Lint', serverOptions, clientOptions);
}

/** The language client, except that a server stopped on purpose (restart, reload) is not an error. */
class StacklintLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    // The library reports every exit as an error, even the clean one after shutdown/exit.
    if (message === 'Server process exited with code 0.') {
      this.info('Server process exited normally.');
      return;
    }
    super.error(message, data, showNotification);
  }
}
