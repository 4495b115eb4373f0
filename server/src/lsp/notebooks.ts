import {
  CodeAction,
  CodeActionKind,
  NotebookCellKind,
  NotebookDocuments,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type NotebookDocument,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isExcluded } from '../engine/lint';
import type { Finding } from '../core/types';
import { comparePositions } from '../core/text';
import { toDiagnostic } from './convert';
import type { Linter } from './linter';
import { editsByCell, joinCells, toCellRange, type CellSpan } from './notebookText';
import { uriPath } from './paths';
import type { AdaptiveScheduler } from './scheduler';

/** Notebook types whose code cells stacklint lints as Python (Jupyter's). */
export const NOTEBOOK_SELECTOR = [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }];

interface NotebookLint {
  spans: CellSpan[];
  findings: Finding[];
  /** The cell versions the findings were computed for. */
  versions: Map<string, number>;
}

/**
 * Lints the Python cells of each open notebook as one module (an import in
 * the first cell counts in the third) and maps diagnostics and quick fixes
 * back onto the cells.
 */
export class Notebooks {
  readonly documents = new NotebookDocuments(TextDocument);
  private readonly lints = new Map<string, NotebookLint>();
  /** Cells that got diagnostics, per notebook, so closing or removing a cell clears them. */
  private readonly published = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly linter: Linter,
    private readonly scheduler: AdaptiveScheduler,
    /** Settles once the settings and configuration files in use are loaded. */
    private readonly ready: () => Promise<void> = () => Promise.resolve(),
  ) {}

  listen(): void {
    this.documents.onDidOpen((notebook) => void this.lint(notebook.uri));
    this.documents.onDidChange((event) => this.scheduler.schedule(event.notebookDocument.uri, () => this.lint(event.notebookDocument.uri)));
    this.documents.onDidClose((notebook) => {
      this.scheduler.cancel(notebook.uri);
      this.lints.delete(notebook.uri);
      this.clear(notebook.uri, new Set());
    });
    this.documents.listen(this.connection);
  }

  isCell(uri: string): boolean {
    return this.documents.getNotebookCell(uri) !== undefined;
  }

  all(): NotebookDocument[] {
    return [...this.lints.keys()].map((uri) => this.documents.getNotebookDocument(uri)).filter((nb): nb is NotebookDocument => nb !== undefined);
  }

  relintAll(): void {
    for (const uri of this.lints.keys()) void this.lint(uri);
  }

  /** Lints a notebook now; pushes each cell's diagnostics unless the client pulls them. */
  async lint(notebookUri: string): Promise<void> {
    try {
      await this.ready();
      const notebook = this.documents.getNotebookDocument(notebookUri);
      if (!notebook) return;
      const cells = notebook.cells
        .filter((cell) => cell.kind === NotebookCellKind.Code)
        .map((cell) => this.documents.getCellTextDocument(cell))
        .filter((document): document is TextDocument => document !== undefined);
      const joined = joinCells(cells.map((cell) => ({ uri: cell.uri, text: cell.getText() })));
      const versions = new Map(cells.map((cell) => [cell.uri, cell.version]));
      const findings = await this.findings(notebookUri, joined.text);
      // Closed meanwhile: nothing to show.
      if (!this.documents.getNotebookDocument(notebookUri)) return;
      this.lints.set(notebookUri, { spans: joined.spans, findings, versions });
      // Always pushed, also to clients that pull: VS Code's client pulls only for documents in text tabs, never for cells.
      const byCell = this.diagnosticsByCell(notebookUri);
      for (const cell of cells) void this.connection.sendDiagnostics({ uri: cell.uri, version: cell.version, diagnostics: byCell.get(cell.uri) ?? [] });
      this.clear(notebookUri, new Set(cells.map((cell) => cell.uri)));
    } catch (error) {
      this.linter.log.error(`linting notebook ${notebookUri} failed: ${(error as Error).stack ?? error}`);
    }
  }

  /** Quick fixes for the findings of a cell under the requested range, rebuilt from the notebook's last lint. */
  codeActions(params: CodeActionParams): CodeAction[] {
    const notebook = this.documents.findNotebookDocumentForCell(params.textDocument.uri);
    const lint = notebook && this.lints.get(notebook.uri);
    if (!notebook || !lint || !this.upToDate(lint)) return [];
    const only = params.context?.only;
    if (only && !only.some((kind) => kind.startsWith(CodeActionKind.QuickFix) || CodeActionKind.QuickFix.startsWith(kind))) return [];
    const actions: CodeAction[] = [];
    for (const finding of lint.findings) {
      const place = toCellRange(lint.spans, finding.range);
      if (place?.uri !== params.textDocument.uri || !overlaps(place.range, params.range)) continue;
      for (const fix of [finding.fix, ...(finding.alternatives ?? [])]) {
        const byCell = fix && editsByCell(lint.spans, fix.edits);
        if (!fix || !byCell) continue;
        const documentChanges = [...byCell].map(([uri, edits]) => ({ textDocument: { uri, version: lint.versions.get(uri) ?? null }, edits }));
        const action = CodeAction.create(fix.title, { documentChanges }, CodeActionKind.QuickFix);
        action.diagnostics = [toDiagnostic({ ...finding, range: place.range }, place.uri, lint.versions.get(place.uri) ?? 0)];
        action.isPreferred = fix.safe && fix === finding.fix;
        actions.push(action);
      }
    }
    return actions;
  }

  private upToDate(lint: NotebookLint): boolean {
    for (const [uri, version] of lint.versions) {
      const cell = this.documents.getNotebookCell(uri);
      const document = cell && this.documents.getCellTextDocument(cell);
      if (!document || document.version !== version) return false;
    }
    return true;
  }

  private async findings(notebookUri: string, text: string): Promise<Finding[]> {
    const notebookPath = uriPath(notebookUri);
    if (!notebookPath) return [];
    const settings = await this.linter.settings.get(notebookUri);
    if (!settings.enable) return [];
    // Linted under the notebook's own name plus `.py`, so `exclude` and test globs see the notebook.
    const path = `${notebookPath}.py`;
    const config = await this.linter.configFor(notebookUri, path);
    if (isExcluded(notebookPath, config) || isExcluded(path, config)) return [];
    return await this.linter.lintPath(path, text, config);
  }

  private diagnosticsByCell(notebookUri: string): Map<string, Diagnostic[]> {
    const lint = this.lints.get(notebookUri);
    const byCell = new Map<string, Diagnostic[]>();
    if (!lint) return byCell;
    for (const finding of lint.findings) {
      const place = toCellRange(lint.spans, finding.range);
      if (!place) continue;
      // Fixes are rebuilt from the notebook's lint on request: the data carries none.
      const diagnostic = toDiagnostic({ ...finding, range: place.range, fix: undefined, alternatives: undefined, related: undefined }, place.uri, lint.versions.get(place.uri) ?? 0);
      byCell.set(place.uri, [...(byCell.get(place.uri) ?? []), diagnostic]);
    }
    return byCell;
  }

  /** Clears the diagnostics of cells that had some and are no longer in `current`. */
  private clear(notebookUri: string, current: Set<string>): void {
    for (const uri of this.published.get(notebookUri) ?? []) {
      if (!current.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    if (current.size) this.published.set(notebookUri, current);
    else this.published.delete(notebookUri);
  }
}

function overlaps(a: { start: { line: number; character: number }; end: { line: number; character: number } }, b: typeof a): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}
