import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mayWriteFile } from '../core/files';
import type { Edit, Finding } from '../core/types';
import { fixAll } from '../engine/fixes';
import { withParserRecovery } from '../engine/recovery';
import { FIX_ALL_KIND, minimalEdit, quickFixes } from './codeActions';
import type { Linter } from './linter';

/** The findings last published for each open document, by version. */
export class LintResults {
  private readonly entries = new Map<string, { version: number; findings: Finding[] }>();

  store(uri: string, version: number, findings: Finding[]): void {
    this.entries.set(uri, { version, findings });
  }

  get(uri: string, version: number): Finding[] | undefined {
    const entry = this.entries.get(uri);
    return entry?.version === version ? entry.findings : undefined;
  }

  drop(uri: string): void {
    this.entries.delete(uri);
  }
}

/**
 * Answers code-action requests from the server's own lint of the document
 * version in the request, never from edits the client sends back.
 */
export class CodeActionRequests {
  constructor(
    private readonly linter: Linter,
    private readonly results: LintResults,
    private readonly folders: () => string[],
    /** A fix that read another open file is offered only while that file is at the version it read. */
    private readonly isCurrent: (edit: Edit) => boolean,
  ) {}

  async codeActions(document: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
    // A malformed request gets no actions rather than an internal error.
    if (!params.context || !Array.isArray(params.context.diagnostics)) return [];
    const only = Array.isArray(params.context.only) ? params.context.only.filter((kind): kind is string => typeof kind === 'string') : undefined;
    // "Source Action..." asks for `source`, fix on save for `source.fixAll`: both get the fix-all action.
    const wantsFixAll = only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind.startsWith(CodeActionKind.Source)) ?? false;
    // The text is fixed now: the document object changes in place as edits arrive.
    const snapshot = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
    const actions: CodeAction[] = [];
    if (!only || only.some((kind) => kind.startsWith(CodeActionKind.QuickFix) || CodeActionKind.QuickFix.startsWith(kind))) {
      const findings = await this.findings(document, snapshot);
      const mayWrite = (edit: Edit) => edit.file !== undefined && this.isCurrent(edit) && mayWriteFile(edit.file, this.folders(), edit.createFile === true);
      actions.push(...quickFixes(snapshot, findings, params.context.diagnostics, mayWrite));
    }
    if (wantsFixAll || (!only && params.context.diagnostics.some((d) => d?.source === 'stacklint'))) {
      const action = await this.fixAllAction(document, snapshot);
      if (action) actions.push(action);
    }
    return actions;
  }

  /** One edit that applies every local safe fix (all of them when unsafe fixes are allowed; fixes that write other files never). */
  async fixAllAction(document: TextDocument, snapshot = TextDocument.create(document.uri, document.languageId, document.version, document.getText())): Promise<CodeAction | undefined> {
    const target = await this.linter.target(document);
    if (!target) return undefined;
    // Safe fixes only, as Ruff's --fix, unless the editor setting or `unsafe-fixes` in [tool.stacklint] asks for all.
    const unsafe = (await this.linter.settings.get(document.uri)).fixAllUnsafe || target.config.unsafeFixes;
    const fixed = await withParserRecovery(() => fixAll(target.path, snapshot.getText(), target.config, { unsafe, onRuleError: this.linter.ruleFailures.onRuleError(target.path) }));
    const edit = minimalEdit(snapshot, fixed.text);
    if (!edit) return undefined;
    return {
      title: 'Fix all stacklint problems',
      kind: FIX_ALL_KIND,
      edit: { documentChanges: [{ textDocument: { uri: snapshot.uri, version: snapshot.version }, edits: [edit] }] },
    };
  }

  /** The findings for the snapshot's version: those published for it, or a lint of it now. */
  private async findings(document: TextDocument, snapshot: TextDocument): Promise<readonly Finding[]> {
    const published = this.results.get(snapshot.uri, snapshot.version);
    if (published) return published;
    const target = await this.linter.target(document);
    return target ? this.linter.lintPath(target.path, snapshot.getText(), target.config) : [];
  }
}
