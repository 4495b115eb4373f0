import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, WorkspaceEdit } from 'vscode-languageserver';
import {
  createConnection,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver/node';
import { SERVER_MALLOC_ENV, SERVER_NODE_FLAGS } from '../../server/src/lsp/protocol';
import { startServer } from '../../server/src/lsp/server';

/**
 * A minimal LSP client speaking real JSON-RPC: it answers the server's
 * configuration and registration requests, records applied edits, and
 * lets tests wait for the diagnostics of a URI.
 */
export class TestClient {
  settings: Record<string, unknown> = {};
  readonly applied: WorkspaceEdit[] = [];
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  constructor(readonly connection: MessageConnection, readonly process?: ChildProcess) {
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => this.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.applied.push(params.edit);
      return { applied: true };
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.latest.set(params.uri, params);
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.uri !== params.uri || !waiter.test(params)) return true;
        waiter.resolve(params);
        return false;
      });
    });
    connection.onNotification((method, params) => this.notifications.push({ method, params }));
    connection.listen();
  }

  /** Resolves with the first (or current) diagnostics for `uri` that pass `test`; rejects after `timeoutMs`. */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<Diagnostic[]> {
    const current = this.latest.get(uri);
    if (current && test(current)) return Promise.resolve(current.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        test,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params.diagnostics);
        },
      });
    });
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, only },
    });
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }

  async initialize(rootUri: string | null, capabilities: object = DEFAULT_CAPABILITIES): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      // An in-process server would poll its own pid forever and keep mocha alive.
      processId: this.process ? process.pid : null,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text of an open document (a full-content change). */
  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Shuts the server down; `exit` only for a child process, since the library exits the process it runs in. */
  async shutdown(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    if (this.process) await this.connection.sendNotification('exit');
  }
}

export const DEFAULT_CAPABILITIES = {
  workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
};

/** A server started in this process over a pair of in-memory streams. */
export function inProcessClient(): TestClient {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
  return new TestClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
}

/** The built server bundle in a child process, over stdio, as other editors run it. */
export function spawnedClient(serverPath: string, launch: { env?: NodeJS.ProcessEnv; flags?: string[] } = {}): TestClient {
  // SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' profiles the server a benchmark drives.
  const nodeArgs = [...(launch.flags ?? []), ...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: launch.env ?? process.env });
  return new TestClient(createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)), child);
}

/** The built server started as the VS Code client starts it (client/src/languageClient.ts): its environment and Node flags. */
export function spawnedAsVsCodeDoes(serverPath: string): TestClient {
  return spawnedClient(serverPath, { env: { ...process.env, ...SERVER_MALLOC_ENV }, flags: SERVER_NODE_FLAGS });
}

export interface WorkspaceServer {
  readonly dir: string;
  readonly client: TestClient;
  uri(name: string): string;
  /** Writes a file (creating its folders) below the workspace folder; returns its URI. */
  write(name: string, text: string): string;
  /** Opens `name` with `text` in the client (saved to disk first with `onDisk`); resolves with its URI. */
  open(name: string, languageId: string, text: string, options?: { onDisk?: boolean }): Promise<string>;
  /** Opens `name` as `open` does and resolves with its URI and first diagnostics. */
  lint(name: string, languageId: string, text: string, options?: { onDisk?: boolean }): Promise<OpenedDocument>;
}

export interface OpenedDocument {
  readonly uri: string;
  readonly diagnostics: Diagnostic[];
}

/** Mocha hooks that give each test a fresh temporary workspace folder and an in-process server on it. */
export function useWorkspaceServer(prefix: string): WorkspaceServer {
  const state = { dir: '', client: undefined as unknown as TestClient };
  beforeEach(async () => {
    state.dir = mkdtempSync(join(tmpdir(), `stacklint-${prefix}-`));
    state.client = inProcessClient();
    await state.client.initialize(pathToFileURL(state.dir).href);
  });
  afterEach(async () => {
    await state.client.shutdown();
    state.client.connection.dispose();
    rmSync(state.dir, { recursive: true, force: true });
  });
  const uri = (name: string) => pathToFileURL(join(state.dir, name)).href;
  const write = (name: string, text: string) => {
    const path = join(state.dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return uri(name);
  };
  const open = async (name: string, languageId: string, text: string, { onDisk = false } = {}) => {
    const document = onDisk ? write(name, text) : uri(name);
    await state.client.open(document, languageId, text);
    return document;
  };
  return {
    get dir() {
      return state.dir;
    },
    get client() {
      return state.client;
    },
    uri,
    write,
    open,
    async lint(name, languageId, text, options) {
      const document = await open(name, languageId, text, options);
      return { uri: document, diagnostics: await state.client.diagnostics(document) };
    },
  };
}
