import { readWorkspaceBytes } from '../core/files';
import type { Connection, TextDocumentEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { walkFiles } from '../engine/walk';
import { decodeSource } from '../core/decode';
import { fixAll } from '../engine/fixes';
import { fileKind, isExcluded } from '../engine/lint';
import { minimalEdit } from './codeActions';
import type { Linter } from './linter';
import { fileUri } from './paths';

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
  // A folder nested in another is walked once; a folder deleted while still in the workspace is skipped.
  const walked = folders.flatMap((folder) => {
    try {
      return walkFiles(folder, (path) => isExcluded(path, linter.configs.forFile(path).config));
    } catch (error) {
      linter.log.warn(`Fix Workspace: cannot read ${folder} (${(error as NodeJS.ErrnoException).code ?? error}); skipped`);
      return [];
    }
  });
  // An edit names its file by a URI the editor opens by path; a name that is not UTF-8 has none (fix it with `stacklint --fix`).
  const unnamed = new Set(walked.flatMap((file) => (file.raw ? [file.raw.toString('hex')] : []))).size;
  if (unnamed > 0) linter.log.warn(`Fix Workspace: ${unnamed} file${unnamed === 1 ? '' : 's'} whose name is not UTF-8 not fixed; stacklint --fix fixes them`);
  const files = [...new Set(walked.filter((file) => !file.raw).map((file) => file.path))];
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
