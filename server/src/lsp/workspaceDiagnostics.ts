import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Diagnostic,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
} from 'vscode-languageserver';

interface Report {
  resultId: string;
  /** The document version linted, or null for a file read from disk. */
  version: number | null;
  items: Diagnostic[];
}

/**
 * LSP 3.17 workspace diagnostics: what Lint Workspace found, answered to the
 * client's `workspace/diagnostic` requests instead of pushed. A request with
 * nothing new is held open until there is (the client asks again right after
 * each answer), so an idle workspace costs nothing. Until the client's first
 * request the server cannot know it asks at all, and Lint Workspace pushes.
 */
export class WorkspaceReports {
  /** True once the client asked for workspace diagnostics. */
  used = false;
  private readonly reports = new Map<string, Report>();
  private nextResultId = 1;
  private waiters: (() => void)[] = [];

  set(uri: string, version: number | null, items: Diagnostic[]): void {
    this.reports.set(uri, { resultId: `w${this.nextResultId++}`, version, items });
  }

  /** Empties the reports of these files (e.g. their folder left the workspace). */
  clear(uris: Iterable<string>): void {
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
