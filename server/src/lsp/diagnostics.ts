import {
  DocumentDiagnosticReportKind,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { releaseTree, type Tree } from '../python/parse';
import { LintResults } from './codeActionRequests';
import { toDiagnostic } from './convert';
import { sectionLinks } from '../config/standard';
import type { TreeCache } from './incremental';
import type { LintMemory } from '../engine/incremental';
import type { Linter } from './linter';
import type { Log } from './log';
import type { AdaptiveScheduler } from './scheduler';
import type { TypingLines } from './typingLine';

export interface LintedDiagnostics {
  version: number;
  diagnostics: Diagnostic[];
}

/**
 * Turns lints of open documents into diagnostics, pushed with
 * publishDiagnostics or, when the client supports LSP 3.17 pull diagnostics,
 * answered to textDocument/diagnostic (VS Code then asks only for what is visible).
 */
export class DocumentDiagnostics {
  /** True once the client said it pulls diagnostics. */
  pull = false;
  /** Each open document's findings by version, from which code actions are built. */
  readonly results = new LintResults();
  private nextResultId = 1;
  private readonly pulled = new Map<string, { resultId: string; version: number }>();
  private readonly savedVersions = new Map<string, number>();
  /** Open documents whose diagnostics were pushed although the client pulls (see publish). */
  private readonly pushed = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly linter: Linter,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly trees: TreeCache,
    private readonly typing: TypingLines,
    private readonly scheduler: AdaptiveScheduler,
    private readonly log: Log,
  ) {}

  /** Lints a document; undefined when it was closed or reopened meanwhile. */
  async compute(document: TextDocument): Promise<LintedDiagnostics | undefined> {
    try {
      const started = performance.now();
      // The document object changes in place as edits arrive: note which version the text linted was.
      const reuse: { previous?: Tree; next?: Tree; version?: number } = {};
      const memory: { previous?: LintMemory; next?: LintMemory } = {};
      const linted = await this.linter.lint(document, () => {
        reuse.version = document.version;
        reuse.previous = this.trees.previous(document.uri, document.version);
        memory.previous = this.trees.memory(document.uri, document.version);
        return { trees: reuse, memory };
      });
      const version = reuse.version ?? document.version;
      if (this.documents.get(document.uri) !== document) {
        if (reuse.next) releaseTree(reuse.next);
        return undefined;
      }
      this.trees.store(document.uri, version, reuse.next, memory.next);
      this.results.store(document.uri, version, linted?.findings ?? []);
      const held = this.typing.hold(document.uri, linted?.findings ?? []);
      this.log.debug(`linted ${document.uri} (version ${version}) in ${(performance.now() - started).toFixed(1)} ms: ${held.findings.length} problems`);
      if (held.recheckInMs !== undefined) {
        this.scheduler.schedule(`typing:${document.uri}`, () => this.changed(document), held.recheckInMs);
      }
      const config = linted?.config;
      return { version, diagnostics: held.findings.map((finding) => toDiagnostic(finding, document.uri, version, config ? sectionLinks(finding.message, config) : [])) };
    } catch (error) {
      this.log.error(`linting ${document.uri} failed: ${(error as Error).stack ?? error}`);
      return undefined;
    }
  }

  /** The document's diagnostics are out of date: push them again, or ask the client to pull. */
  async changed(document: TextDocument): Promise<void> {
    if (this.pull) await this.refresh();
    else await this.publish(document);
  }

  async publish(document: TextDocument): Promise<LintedDiagnostics | undefined> {
    const result = await this.compute(document);
    if (result) await this.send(document.uri, result);
    return result;
  }

  /** Pushes a lint result. In pull mode only Lint Workspace pushes, for documents the editor does not show; the next pull replaces that. */
  async send(uri: string, result: LintedDiagnostics): Promise<void> {
    if (this.pull) this.pushed.add(uri);
    await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: result.diagnostics });
  }

  /** In pull mode one refresh request makes the client ask again for every visible document. */
  async refresh(): Promise<void> {
    try {
      await this.connection.languages.diagnostics.refresh();
    } catch (error) {
      this.log.debug(`diagnostic refresh failed: ${String(error)}`);
    }
  }

  saved(document: TextDocument): void {
    this.savedVersions.set(document.uri, document.version);
  }

  closed(uri: string): void {
    this.pulled.delete(uri);
    this.pushed.delete(uri);
    this.savedVersions.delete(uri);
    this.results.drop(uri);
    this.scheduler.cancel(`typing:${uri}`);
  }

  /** Answers textDocument/diagnostic for an open document. */
  async report(document: TextDocument): Promise<DocumentDiagnosticReport> {
    if (this.pushed.delete(document.uri)) await this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    const previous = this.pulled.get(document.uri);
    const { run } = await this.linter.settings.get(document.uri);
    // With run = onSave the last result stands until the text is saved.
    if (run === 'onSave' && previous && this.savedVersions.has(document.uri) && this.savedVersions.get(document.uri) !== document.version) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: previous.resultId };
    }
    const result = await this.compute(document);
    if (!result) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const resultId = String(this.nextResultId++);
    this.pulled.set(document.uri, { resultId, version: result.version });
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: result.diagnostics };
  }
}
