import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type TextDocuments,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isInside } from '../core/files';
import type { DocumentDiagnostics } from './diagnostics';
import { uriPath } from './paths';

interface Report {
  resultId: string;
  /** The document version linted, or null for a file read from disk. */
  version: number | null;
  items: Diagnostic[];
}

/**
 * Where Lint Workspace's findings go. With LSP 3.17 workspace diagnostics
 * they are answered to the client's `workspace/diagnostic` requests: a
 * request with nothing new is held open until there is (the client asks again
 * right after each answer), so an idle workspace costs nothing. Until the
 * client's first request the server cannot know it asks at all, and the
 * findings are pushed.
 */
export class WorkspaceReports {
  /** True once the client asked for workspace diagnostics. */
  used = false;
  private readonly reports = new Map<string, Report>();
  /** Files reported without their being open (URIs). */
  private readonly linted = new Set<string>();
  private nextResultId = 1;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly diagnostics: DocumentDiagnostics,
    private readonly documents: TextDocuments<TextDocument>,
  ) {}

  /** Lints an open document for Lint Workspace and counts what it shows; undefined when the file is not open. */
  async lintOpen(uri: string, visible: Set<string>): Promise<number | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    if (!this.diagnostics.pull) return (await this.diagnostics.publish(document))?.diagnostics.length ?? 0;
    const result = await this.diagnostics.compute(document);
    if (!result) return 0;
    // The client keeps its own pull for a document it shows; it learns of the others from the workspace report, or a push.
    if (this.used) this.set(uri, result.version, result.diagnostics);
    else if (!visible.has(uri)) await this.diagnostics.send(uri, result);
    return result.diagnostics.length;
  }

  /** Reports a file that is not open. */
  publishClosed(uri: string, items: Diagnostic[]): void {
    this.linted.add(uri);
    if (this.diagnostics.pull && this.used) this.set(uri, null, items);
    else void this.connection.sendDiagnostics({ uri, diagnostics: items });
  }

  /** Problems of a folder that left the workspace leave the Problems panel with it. */
  foldersChanged(folders: readonly string[]): void {
    const gone = [...this.linted].filter((uri) => !this.documents.get(uri) && !folders.some((folder) => isInside(folder, uriPath(uri) ?? '')));
    for (const uri of gone) {
      this.linted.delete(uri);
      if (!this.used) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.clear(gone);
    this.changed();
  }

  private set(uri: string, version: number | null, items: Diagnostic[]): void {
    this.reports.set(uri, { resultId: `w${this.nextResultId++}`, version, items });
  }

  /** Empties the reports of these files. */
  private clear(uris: Iterable<string>): void {
    for (const uri of uris) if (this.reports.get(uri)?.items.length) this.set(uri, null, []);
  }

  /** Answers the requests held open, with whatever changed. */
  changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  async answer(params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    this.used = true;
    const known = new Map((Array.isArray(params?.previousResultIds) ? params.previousResultIds : []).map((previous) => [previous.uri, previous.value]));
    const fresh = () => [...this.reports].filter(([uri, report]) => known.get(uri) !== report.resultId);
    if (fresh().length === 0) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        token.onCancellationRequested(() => resolve());
      });
    }
    if (token.isCancellationRequested) return { items: [] };
    return {
      items: fresh().map(([uri, report]) => ({ kind: DocumentDiagnosticReportKind.Full, uri, version: report.version, resultId: report.resultId, items: report.items })),
    };
  }

  dispose(): void {
    this.changed();
  }
}
