import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll } from '../engine/fixes';
import { initPythonParser } from '../python/parse';
import { APPLY_ALL_FIXES_COMMAND, FIX_ALL_KIND, minimalEdit, quickFixes } from './codeActions';
import { toDiagnostic } from './convert';
import { EditorSettingsCache } from './editorSettings';
import { Linter } from './linter';
import { fileUri, uriPath } from './paths';
import type { Edit } from '../core/types';
import { AdaptiveScheduler } from './scheduler';
import { DependencyRequests } from './dependencyRequests';
import { openText } from './paths';
import { TreeCache } from './incremental';
import type { Tree } from '../python/parse';
import { LINT_WORKSPACE_REQUEST, lintWorkspace } from './workspaceLint';

/** Quiet time after the last keystroke before a document is re-linted. */
/** Wires the language server's capabilities to the engine; no linting logic lives here. */
export function startServer(connection: Connection): void {
  const trees = new TreeCache();
  const documents = new TextDocuments({ create: TextDocument.create, update: trees.update });
  const scheduler = new AdaptiveScheduler();
  let canConfigure = false;
  let canWatch = false;
  let folders: string[] = [];
  const settings = new EditorSettingsCache(connection, () => canConfigure);
  const openFile = (path: string) => {
    const open = documents.get(fileUri(path));
    return open && { path, text: open.getText(), version: open.version };
  };
  const linter = new Linter(connection, settings, () => folders, (path) => openText(documents, path), openFile);
  // A fix that read another open file is offered only while that file is at the version it read.
  const isCurrent = (edit: Edit) => !edit.file || edit.createFile || (edit.fileVersion ?? null) === (documents.get(fileUri(edit.file))?.version ?? null);
  const dependencies = new DependencyRequests(linter);

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await initPythonParser();
    canConfigure = params.capabilities.workspace?.configuration === true;
    canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folders = (params.workspaceFolders ?? []).map((folder) => uriPath(folder.uri)).filter((p): p is string => p !== undefined);
    if (folders.length === 0 && params.rootUri) folders = [uriPath(params.rootUri)].filter((p): p is string => p !== undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [APPLY_ALL_FIXES_COMMAND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"'] },
        documentLinkProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'stacklint', version: require('../../../package.json').version },
    };
  });

  connection.onInitialized(() => {
    if (canConfigure) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'stacklint' });
    if (canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/pyproject.toml' }, { globPattern: '**/requirements*.txt' }],
      });
    }
  });

  const publish = async (document: TextDocument) => {
    try {
      // The document object changes in place as edits arrive: note which version the text linted was.
      const reuse: { previous?: Tree; next?: Tree; version?: number } = {};
      const linted = await linter.lint(document, () => {
        reuse.version = document.version;
        reuse.previous = trees.previous(document.uri, document.version);
        return reuse;
      });
      const version = reuse.version ?? document.version;
      // Closed or reopened meanwhile: this lint is about a document that is gone.
      if (documents.get(document.uri) !== document) {
        reuse.next?.delete();
        return;
      }
      trees.store(document.uri, version, reuse.next);
      const diagnostics = (linted?.findings ?? []).map((finding) => toDiagnostic(finding, document.uri, version));
      await connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
    } catch (error) {
      connection.console.error(`stacklint: linting ${document.uri} failed: ${(error as Error).stack ?? error}`);
    }
  };
  const relintAll = () => {
    for (const document of documents.all()) void publish(document);
  };

  // TextDocuments also reports an opened document as changed: lint it once, now.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => {
    justOpened.add(event.document.uri);
    void publish(event.document);
  });
  documents.onDidChangeContent(async (event) => {
    if (justOpened.delete(event.document.uri)) return;
    if (event.document.uri.endsWith('/pyproject.toml')) {
      // Unsaved [tool.stacklint] edits apply to every open file.
      linter.configs.clear();
      for (const other of documents.all()) if (other !== event.document) scheduler.schedule(other.uri, () => publish(other));
    }
    const { run, lintDelay } = await settings.get(event.document.uri);
    if (run === 'onType') scheduler.schedule(event.document.uri, () => publish(event.document), lintDelay);
  });
  documents.onDidSave(async (event) => {
    const { run } = await settings.get(event.document.uri);
    if (run === 'onSave') void publish(event.document);
  });
  documents.onDidClose((event) => {
    scheduler.cancel(event.document.uri);
    trees.drop(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    relintAll();
  });
  connection.onDidChangeWatchedFiles(() => {
    // A pyproject.toml changed on disk: its [tool.stacklint] applies from now on.
    linter.configs.clear();
    relintAll();
  });

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    // A malformed request gets no actions rather than an internal error.
    if (!document || !params.context || !Array.isArray(params.context.diagnostics)) return [];
    const only = params.context.only;
    const wantsFixAll = only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind.startsWith(CodeActionKind.SourceFixAll)) ?? false;
    const actions: CodeAction[] = [];
    if (!only || only.some((kind) => kind.startsWith(CodeActionKind.QuickFix) || CodeActionKind.QuickFix.startsWith(kind))) {
      actions.push(...quickFixes(document, params, isCurrent));
    }
    if (wantsFixAll || (!only && params.context.diagnostics.some((d) => d.source === 'stacklint'))) {
      const action = await fixAllAction(document);
      if (action) actions.push(action);
    }
    return actions;
  });

  const fixAllAction = async (document: TextDocument): Promise<CodeAction | undefined> => {
    // fixAll lints for itself: only the path and configuration are needed here.
    const target = await linter.target(document);
    if (!target) return undefined;
    const edit = minimalEdit(document, fixAll(target.path, document.getText(), target.config).text);
    if (!edit) return undefined;
    return {
      title: 'Fix all stacklint problems',
      kind: FIX_ALL_KIND,
      edit: { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: [edit] }] },
    };
  };

  connection.onExecuteCommand(async (params) => {
    if (params.command !== APPLY_ALL_FIXES_COMMAND) return;
    const target = params.arguments?.[0] as { uri?: string; version?: number } | undefined;
    const document = target?.uri ? documents.get(target.uri) : undefined;
    if (!document || (target?.version !== undefined && target.version !== document.version)) return;
    const action = await fixAllAction(document);
    if (action?.edit) await connection.workspace.applyEdit({ label: action.title, edit: action.edit });
  });

  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? dependencies.hover(document, params.position) : null;
  });
  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? dependencies.completion(document, params.position) : [];
  });
  connection.onDocumentLinks((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? dependencies.links(document) : [];
  });

  connection.onRequest(LINT_WORKSPACE_REQUEST, (_params, token) =>
    lintWorkspace(connection, linter, folders, (uri) => documents.get(uri) !== undefined, token),
  );

  connection.onShutdown(() => scheduler.dispose());
  documents.listen(connection);
  connection.listen();
}
