import {
  CancellationToken,
  CodeActionKind,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initPythonParser, releasePythonParserMemory } from '../python/parse';
import { onFileNotice } from '../core/files';
import { collectGarbageTwice, LARGE_DOCUMENT_CHARS } from './memory';
import { APPLY_ALL_FIXES_COMMAND, FIX_ALL_KIND } from './codeActions';
import { CodeActionRequests } from './codeActionRequests';
import { DocumentDiagnostics } from './diagnostics';
import { clearStandards } from '../config/standard';
import { EditorSettingsCache } from './editorSettings';
import { loadEnvironment, SERVER_VERSION } from './environment';
import { NOTEBOOK_SELECTOR, Notebooks } from './notebooks';
import { TypingLines } from './typingLine';
import { fixWorkspace } from './workspaceFix';
import { WorkspaceReports } from './workspaceDiagnostics';
import { CURSOR_LINE_NOTIFICATION, FIX_WORKSPACE_COMMAND, type CursorLineParams, type LintWorkspaceParams } from './protocol';
import { Linter } from './linter';
import { folderPath, uriPath } from './paths';
import type { Edit } from '../core/types';
import { AdaptiveScheduler } from './scheduler';
import { DependencyRequests } from './dependencyRequests';
import { fileUri, openText } from './paths';
import { TreeCache } from './incremental';
import { LINT_WORKSPACE_REQUEST, lintWorkspace } from './workspaceLint';
import { PolicyDiagnostics } from './policyDiagnostics';

/** Wires the language server's capabilities to the engine; no linting logic lives here. */
export function startServer(connection: Connection): void {
  const trees = new TreeCache();
  const typing = new TypingLines();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (document, changes, version) => {
      typing.noteChanges(document.uri, changes);
      return trees.update(document, changes, version);
    },
  });
  const scheduler = new AdaptiveScheduler();
  let canConfigure = false;
  let canWatch = false;
  let canFollowFolders = false;
  let folders: string[] = [];
  const settings = new EditorSettingsCache(connection, () => canConfigure);
  const openFile = (path: string) => {
    const open = documents.get(fileUri(path));
    return open && { path, text: open.getText(), version: open.version };
  };
  const linter = new Linter(connection, settings, () => folders, (path) => openText(documents, path), openFile);
  const log = linter.log;
  /** A workspace folder's path; one that names no local folder stacklint can trust is said in the log and left out. */
  const localFolder = (uri: string) => {
    const path = folderPath(uri);
    if (path === undefined) log.warn(`workspace folder ${uri}: not a local folder whose path is UTF-8; not linted`);
    return path;
  };
  // A fix that read another open file is offered only while that file is at the version it read.
  const isCurrent = (edit: Edit) => !edit.file || edit.createFile || (edit.fileVersion ?? null) === (documents.get(fileUri(edit.file))?.version ?? null);
  const dependencies = new DependencyRequests(linter);
  const diagnostics = new DocumentDiagnostics(connection, linter, documents, trees, typing, scheduler, log);
  const codeActions = new CodeActionRequests(linter, diagnostics.results, () => folders, isCurrent);
  const notebooks = new Notebooks(connection, linter, scheduler, () => environment);

  // Refused configuration files (a FIFO pyproject.toml, a link out of the workspace) are told once in the output.
  onFileNotice((message) => log.warn(message));

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await initPythonParser();
    canConfigure = params.capabilities.workspace?.configuration === true;
    canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
    diagnostics.pull = params.capabilities.textDocument?.diagnostic !== undefined;
    folders = (params.workspaceFolders ?? []).map((folder) => localFolder(folder.uri)).filter((p): p is string => p !== undefined);
    if (folders.length === 0 && params.rootUri) folders = [localFolder(params.rootUri)].filter((p): p is string => p !== undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        notebookDocumentSync: { notebookSelector: NOTEBOOK_SELECTOR },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Source, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [APPLY_ALL_FIXES_COMMAND, FIX_WORKSPACE_COMMAND] },
        ...(diagnostics.pull ? { diagnosticProvider: { identifier: 'stacklint', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', '='] },
        documentLinkProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'stacklint', version: SERVER_VERSION },
    };
  });

  const reloadEnvironment = (why: string) => loadEnvironment(settings, linter, folders, log, why).catch((error) => log.error(`reading settings failed: ${String(error)}`));
  let environment: Promise<void> = Promise.resolve();
  const reports = new WorkspaceReports(connection, diagnostics, documents);

  connection.onInitialized(() => {
    log.info(`diagnostics are ${diagnostics.pull ? 'pulled by the client (LSP 3.17)' : 'pushed'}`);
    environment = reloadEnvironment('start');
    if (canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => folderPath(folder.uri)));
        const added = event.added.map((folder) => localFolder(folder.uri)).filter((path): path is string => path !== undefined);
        folders = [...folders.filter((folder) => !removed.has(folder)), ...added.filter((folder) => !folders.includes(folder))];
        reports.foldersChanged(folders);
        settings.clear();
        linter.configs.clear();
        environment = reloadEnvironment('workspace folders changed').then(relintAll);
      });
    }
    if (canConfigure) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'stacklint' });
    if (canWatch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Any TOML file: pyproject.toml, and the policy files `policy = "..."` names.
        watchers: [{ globPattern: '**/*.toml' }, { globPattern: '**/requirements*.txt' }, { globPattern: '**/.stacklint-baseline.json' }],
      });
    }
  });

  // Policy files are no lint targets: their problems are published on them whenever they change.
  const policyDiagnostics = new PolicyDiagnostics(connection, () => linter.configs.policyProblems());
  const publish = async (document: TextDocument) => {
    await environment;
    // A policy file is no lint target: PolicyDiagnostics publishes its problems.
    if (policyDiagnostics.isPolicyFile(document.uri)) return;
    await diagnostics.changed(document);
    await policyDiagnostics.sync();
  };
  const relintAll = () => {
    if (diagnostics.pull) void diagnostics.refresh();
    else for (const document of documents.all()) void publish(document);
    notebooks.relintAll();
  };

  // TextDocuments also reports an opened document as changed: lint it once, now.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => {
    justOpened.add(event.document.uri);
    diagnostics.saved(event.document);
    // Diagnostics pushed by Lint Workspace before the file was opened would count twice next to pulled ones.
    if (diagnostics.pull) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    else void publish(event.document);
  });
  documents.onDidChangeContent(async (event) => {
    if (justOpened.delete(event.document.uri)) return;
    if (event.document.uri.endsWith('.toml')) {
      // Unsaved [tool.stacklint] or policy file edits apply to every open file.
      linter.configs.clear();
      clearStandards();
      if (diagnostics.pull) scheduler.schedule('refresh', () => diagnostics.refresh());
      else for (const other of documents.all()) if (other !== event.document) scheduler.schedule(other.uri, () => publish(other));
    }
    // The client pulls a changed document's diagnostics itself.
    if (diagnostics.pull) return;
    const { run, lintDelay } = await settings.get(event.document.uri);
    if (run === 'onType') scheduler.schedule(event.document.uri, () => publish(event.document), lintDelay);
  });
  documents.onDidSave(async (event) => {
    diagnostics.saved(event.document);
    const { run } = await settings.get(event.document.uri);
    if (run === 'onSave') void publish(event.document);
  });
  documents.onDidClose((event) => {
    const large = event.document.getText().length >= LARGE_DOCUMENT_CHARS;
    scheduler.cancel(event.document.uri);
    trees.drop(event.document.uri);
    dependencies.forget(event.document.uri);
    // A large file grew the parser's wasm memory, which only a fresh parser gives back.
    void releasePythonParserMemory().then(
      (released) => {
        if (released) trees.dropStale();
        if (released || large) collectGarbageTwice();
      },
      (error: unknown) => log.error(`re-creating the parser failed: ${String(error)}`),
    );
    typing.forget(event.document.uri);
    diagnostics.closed(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    environment = reloadEnvironment('settings changed').then(relintAll);
  });
  connection.onDidChangeWatchedFiles((params) => {
    // A pyproject.toml or policy file changed on disk: it applies from now on.
    linter.configs.clear();
    clearStandards();
    if (params.changes.some((change) => change.uri.endsWith('/pyproject.toml'))) environment = reloadEnvironment('pyproject.toml changed');
    relintAll();
  });
  connection.onNotification(CURSOR_LINE_NOTIFICATION, (params: Partial<CursorLineParams> | null) => {
    if (typeof params?.uri !== 'string' || typeof params.line !== 'number') return;
    const document = documents.get(params.uri);
    if (document && typing.moveTo(params.uri, params.line)) void publish(document);
  });

  connection.languages.diagnostics.on(async (params) => {
    await environment;
    const uri = params.textDocument.uri;
    // Cells get their diagnostics pushed (see Notebooks.lint): a pulled copy would count twice.
    if (notebooks.isCell(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const document = documents.get(uri);
    // A policy file's problems are pushed (PolicyDiagnostics); it has no lint findings of its own.
    if (!document || policyDiagnostics.isPolicyFile(uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const report = await diagnostics.report(document);
    // The lint may have read a policy file for the first time, or after a change.
    await policyDiagnostics.sync();
    return report;
  });

  connection.onCodeAction(async (params) => {
    if (notebooks.isCell(params.textDocument.uri)) return notebooks.codeActions(params);
    const document = params?.textDocument ? documents.get(params.textDocument.uri) : undefined;
    return document ? codeActions.codeActions(document, params) : [];
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === FIX_WORKSPACE_COMMAND) return fixWorkspace(connection, linter, folders, (uri) => documents.get(uri));
    if (params.command !== APPLY_ALL_FIXES_COMMAND) return undefined;
    const target = params.arguments?.[0] as { uri?: string; version?: number } | undefined;
    const document = target?.uri ? documents.get(target.uri) : undefined;
    if (!document || (target?.version !== undefined && target.version !== document.version)) return undefined;
    const action = await codeActions.fixAllAction(document);
    if (action?.edit) await connection.workspace.applyEdit({ label: action.title, edit: action.edit });
    return undefined;
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

  connection.onRequest(LINT_WORKSPACE_REQUEST, async (params: LintWorkspaceParams | null, token) => {
    const visible = new Set(Array.isArray(params?.visible) ? params.visible.filter((uri: unknown): uri is string => typeof uri === 'string') : []);
    // A planted cache could hide findings: an untrusted workspace's is not used.
    const cache = params?.trusted !== false && (await settings.get(folders[0] ? fileUri(folders[0]) : '')).cache;
    const host = {
      connection,
      linter,
      folders,
      lintOpen: (uri: string) => reports.lintOpen(uri, visible),
      openFile,
      openPaths: () => documents.keys().flatMap((uri) => safeUriPath(uri) ?? []),
      openUris: () => documents.keys(),
      publish: (uri: string, items: Diagnostic[]) => reports.publishClosed(uri, items),
      cache,
    };
    // A malformed request (positional params) can hand the handler something else where the token belongs.
    const result = await lintWorkspace(host, CancellationToken.is(token) ? token : CancellationToken.None);
    reports.changed();
    return result;
  });
  connection.languages.diagnostics.onWorkspace((params, token) => {
    if (!reports.used) log.info('the client pulls workspace diagnostics: Lint Workspace answers through them');
    return reports.answer(params, token);
  });

  connection.onShutdown(() => {
    scheduler.dispose();
    reports.dispose();
  });
  documents.listen(connection);
  notebooks.listen();
  connection.listen();
}

/** The path of a file URI; undefined for other schemes and for a URI no path can be made of. */
function safeUriPath(uri: string): string | undefined {
  try {
    return uriPath(uri);
  } catch {
    return undefined;
  }
}
