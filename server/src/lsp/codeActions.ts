import {
  CodeAction,
  CodeActionKind,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Edit, Finding, Fix, Position, Range } from '../core/types';
import { fixesOf, isStacklintData } from './convert';
import { moduleFor } from '../engine/registry';
import { documentPath, fileUri } from './paths';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.stacklint`;
export { APPLY_ALL_FIXES_COMMAND, SHOW_DOCUMENTATION_COMMAND } from './protocol';
import { SHOW_DOCUMENTATION_COMMAND } from './protocol';

/**
 * The actions for each stacklint diagnostic in the request: its fixes,
 * "Disable <rule> for this line" and "Show documentation". The client's
 * diagnostic only selects a finding (rule, range, version); the fixes come
 * from `findings`, the server's own lint of exactly that document version,
 * and a fix that writes another file is offered only when `mayWrite` allows.
 */
export function quickFixes(document: TextDocument, findings: readonly Finding[], diagnostics: readonly unknown[], mayWrite: (edit: Edit) => boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const finding = selectedFinding(document, findings, diagnostic);
    if (!finding) continue;
    const selected = diagnostic as Diagnostic;
    const { rule } = finding;
    const fixes = fixesOf(finding).filter((fix) => fix.edits.every((edit) => !edit.file || mayWrite(edit)));
    for (const [index, fix] of fixes.entries()) {
      const action = CodeAction.create(fixTitle(fix), workspaceEdit(document, fix.edits), CodeActionKind.QuickFix);
      action.diagnostics = [selected];
      action.isPreferred = fix.safe && index === 0 && fix === finding.fix;
      actions.push(action);
    }
    const line = finding.range.start.line;
    const module = moduleFor(documentPath(document.uri, document.languageId) ?? '', document.languageId);
    const disable = module?.disableEdit ? module.disableEdit(document.getText(), line, rule) : disableForLine(document, line, rule);
    if (disable) {
      const action = CodeAction.create(`Disable ${rule} for this line`, workspaceEdit(document, [disable]), CodeActionKind.QuickFix);
      action.diagnostics = [selected];
      actions.push(action);
    }
    const docs = CodeAction.create(`Show documentation for ${rule}`, { title: `Show documentation for ${rule}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [rule] }, CodeActionKind.QuickFix);
    docs.diagnostics = [selected];
    actions.push(docs);
  }
  return actions;
}

/** The menu title says which fixes change behaviour, as Ruff's "(unsafe)" marking does. */
export function fixTitle(fix: Fix): string {
  return fix.safe ? fix.title : `${fix.title} (unsafe)`;
}

/** The server's finding a client diagnostic stands for: same rule, same range, same document version. */
function selectedFinding(document: TextDocument, findings: readonly Finding[], diagnostic: unknown): Finding | undefined {
  if (typeof diagnostic !== 'object' || diagnostic === null) return undefined;
  const { source, data, range } = diagnostic as Partial<Diagnostic>;
  // Diagnostics computed for another version would select the wrong text.
  if (source !== 'stacklint' || !isStacklintData(data) || data.version !== document.version || !isRange(range)) return undefined;
  return findings.find((finding) => finding.rule === data.rule && sameRange(finding.range, range));
}

function isRange(value: unknown): value is Range {
  const position = (p: unknown) => typeof p === 'object' && p !== null && Number.isInteger((p as Position).line) && Number.isInteger((p as Position).character);
  return typeof value === 'object' && value !== null && position((value as Range).start) && position((value as Range).end);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** A workspace edit naming the document version, with creations and edits of other files in order. */
export function workspaceEdit(document: TextDocument, edits: readonly Edit[]): WorkspaceEdit {
  const local: TextEdit[] = [];
  const others = new Map<string, { create?: string; version?: number | null; edits: TextEdit[] }>();
  for (const edit of edits) {
    if (!edit.file) {
      local.push({ range: edit.range, newText: edit.newText });
      continue;
    }
    const uri = fileUri(edit.file);
    const entry = others.get(uri) ?? { edits: [] };
    if (edit.createFile) entry.create = edit.newText;
    else entry.edits.push({ range: edit.range, newText: edit.newText });
    if (edit.fileVersion !== undefined) entry.version = edit.fileVersion;
    others.set(uri, entry);
  }
  const documentChanges: WorkspaceEdit['documentChanges'] = [
    { textDocument: { uri: document.uri, version: document.version }, edits: local } satisfies TextDocumentEdit,
  ];
  for (const [uri, entry] of others) {
    if (entry.create !== undefined) {
      documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      const start = { line: 0, character: 0 };
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start, end: start }, newText: entry.create }] });
    }
    // The version the fix read names the buffer, so the editor refuses the edit if that file changed since.
    if (entry.edits.length) documentChanges.push({ textDocument: { uri, version: entry.version ?? null }, edits: entry.edits });
  }
  return { documentChanges };
}

/**
 * Appends `# stacklint: disable=<rule>` to the finding's first line, or adds
 * the rule to a disable comment already there. None when that line ends
 * inside a multi-line string, where a comment would become string text.
 */
function disableForLine(document: TextDocument, line: number, rule: string): Edit | undefined {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  if ((text.match(/"""|'''/g) ?? []).length % 2 === 1 || /\\$/.test(text)) return undefined;
  const existing = /#\s*stacklint:\s*disable=([\w\-, ]*)$/.exec(text);
  if (existing) {
    const start = { line, character: existing.index + existing[0].length };
    return { range: { start, end: start }, newText: `,${rule}` };
  }
  const end = { line, character: text.length };
  return { range: { start: end, end }, newText: `  # stacklint: disable=${rule}` };
}

/** One edit that turns `before` into `after`, replacing only what differs. */
export function minimalEdit(document: TextDocument, after: string): TextEdit | undefined {
  const before = document.getText();
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return {
    range: { start: document.positionAt(start), end: document.positionAt(before.length - end) },
    newText: after.slice(start, after.length - end),
  };
}
