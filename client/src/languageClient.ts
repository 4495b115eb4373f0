import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentFilter,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** The client id: the languageclient reads `stacklint.trace.server` from it. */
export const CLIENT_ID = 'stacklint';

const PYPROJECT = '**/pyproject.toml';

/** Python sources, pip requirements files, pyproject.toml (whatever language the TOML file got) and Dockerfiles. */
export const DOCUMENT_SELECTOR: DocumentFilter[] = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'pip-requirements' },
  { scheme: 'file', language: 'toml', pattern: PYPROJECT },
  { scheme: 'file', pattern: PYPROJECT },
  { scheme: 'file', language: 'dockerfile' },
];

/** Builds the client for the bundled server; the caller starts it. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.OutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // The server re-reads configuration and re-lints when these change on disk,
  // including changes made outside the editor (git checkout, pip-compile).
  const watchers = [
    vscode.workspace.createFileSystemWatcher(PYPROJECT),
    vscode.workspace.createFileSystemWatcher('**/requirements*.txt'),
  ];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { fileEvents: watchers },
    initializationOptions: {},
    outputChannel,
    traceOutputChannel: outputChannel,
  };
  return new LanguageClient(CLIENT_ID, 'Stack Lint', serverOptions, clientOptions);
}
