import { readWorkspaceBytes } from '../core/files';
import type { Connection, TextDocumentEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeSource } from '../core/decode';
import { fixAll } from '../engine/fixes';
import { fileKind } from '../engine/lint';
import { minimalEdit } from './codeActions';
import type { Linter } from './linter';
import { fileUri } from './paths';
import { walkWorkspace } from './workspaceWalk';

import type { FixWorkspaceResult } from './protocol';

/**
 * Applies every safe fix (the ones marked preferred) to every Python and
 * dependency file of the folders, open documents at their current text, in
 * one workspace edit the user can undo. Unsafe fixes stay for review.
 */
export async function fixWorkspace(
  connection: Connection,
  linter: Linter,
  folders: string[],
  openDocument: (uri: string) => TextDocument | undefined,
): Promise<FixWorkspaceResult> {
  const { files, rawFiles } = walkWorkspace(linter, folders, 'Fix Workspace');
  // An edit names its file by a URI the editor opens by path; a name that is not UTF-8 has none (fix it with `stacklint --fix`).
  if (rawFiles.length > 0) linter.log.warn(`Fix Workspace: ${rawFiles.length} file${rawFiles.length === 1 ? '' : 's'} whose name is not UTF-8 not fixed; stacklint --fix fixes them`);
  const documentChanges: TextDocumentEdit[] = [];
  for (const path of files) {
    const uri = fileUri(path);
    const open = openDocument(uri);
    let document = open;
    if (!document) {
      const read = readWorkspaceBytes(path);
      if (!read.ok) continue;
      const decoded = decodeSource(read.bytes, fileKind(path) === 'python');
      // Files in another encoding are not rewritten, as with --fix.
      if (!decoded.ok || decoded.encoding !== 'utf-8') continue;
      document = TextDocument.create(uri, '', 0, decoded.text);
    }
    const config = await linter.configFor(uri, path);
    const result = fixAll(path, document.getText(), config);
    const edit = minimalEdit(document, result.text);
    if (edit) documentChanges.push({ textDocument: { uri, version: open ? open.version : null }, edits: [edit] });
  }
  if (documentChanges.length > 0) {
    await connection.workspace.applyEdit({ label: 'Fix all safe stacklint problems in the workspace', edit: { documentChanges } });
  }
  return { files: files.length, fixed: documentChanges.length };
}
