import {
  CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Edit } from '../core/types';
import { isStacklintData } from './convert';
import { moduleFor } from '../engine/registry';
import { documentPath, fileUri } from './paths';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.stacklint`;
export { APPLY_ALL_FIXES_COMMAND, SHOW_DOCUMENTATION_COMMAND } from './protocol';
import { SHOW_DOCUMENTATION_COMMAND } from './protocol';

/**
 * Builds each diagnostic's actions from its `data` alone (no server-side
 * cache): its fixes, "Disable <rule> for this line" and "Show documentation".
 */
export function quickFixes(document: TextDocument, params: CodeActionParams, isCurrent: (edit: Edit) => boolean = () => true): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'stacklint' || !isStacklintData(diagnostic.data)) continue;
    const { rule, version, fixes } = diagnostic.data;
    // Fixes computed for another version would edit the wrong text.
    if (version !== document.version) continue;
    for (const fix of fixes) {
      // A fix computed from another file's older text would edit the wrong lines there.
      if (!fix.edits.every(isCurrent)) continue;
      const action = CodeAction.create(fix.title, workspaceEdit(document, fix.edits), CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = fix.safe && fix === fixes[0];
      actions.push(action);
    }
    const module = moduleFor(documentPath(document.uri, document.languageId) ?? '', document.languageId);
    const disable = module?.disableEdit
      ? module.disableEdit(document.getText(), diagnostic.range.start.line, rule)
      : disableForLine(document, diagnostic, rule);
    if (disable) {
      const action = CodeAction.create(`Disable ${rule} for this line`, workspaceEdit(document, [disable]), CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
    const docs = CodeAction.create(`Show documentation for ${rule}`, { title: `Show documentation for ${rule}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [rule] }, CodeActionKind.QuickFix);
    docs.diagnostics = [diagnostic];
    actions.push(docs);
  }
  return actions;
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
function disableForLine(document: TextDocument, diagnostic: Diagnostic, rule: string): Edit | undefined {
  const line = diagnostic.range.start.line;
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
