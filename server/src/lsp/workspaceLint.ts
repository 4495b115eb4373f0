import { readFileSync } from 'node:fs';
import type { CancellationToken, Connection, Diagnostic } from 'vscode-languageserver';
import { collectFiles } from '../engine/walk';
import { decodeSource } from '../core/decode';
import { fileKind, isExcluded } from '../engine/lint';
import type { Linter } from './linter';
import { sectionLinks } from '../config/standard';
import { toDiagnostic } from './convert';
import { fileUri } from './paths';
import { PROGRESS_NOTIFICATION, type LintWorkspaceResult, type ProgressParams } from './protocol';

export { LINT_WORKSPACE_REQUEST, type LintWorkspaceResult } from './protocol';

/**
 * Lints every Python and dependency file under the folders without opening
 * them and publishes their diagnostics. Open documents are linted at their
 * editor text by `lintOpen`, which answers how many problems they show, so
 * the summary counts what the Problems panel shows. Yields between files so
 * cancellation and other requests get through.
 */
export async function lintWorkspace(
  connection: Connection,
  linter: Linter,
  folders: string[],
  lintOpen: (uri: string) => Promise<number | undefined>,
  token: CancellationToken,
  /** Shows a closed file's diagnostics: pushed, or kept for the client's workspace diagnostics request. */
  publish: (uri: string, diagnostics: Diagnostic[]) => void = (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
): Promise<LintWorkspaceResult> {
  const files = folders.flatMap((folder) => collectFiles(folder, (path) => isExcluded(path, linter.configs.forFile(path).config)));
  let problems = 0;
  for (let index = 0; index < files.length; index++) {
    if (token.isCancellationRequested) return { files: index, problems, cancelled: true };
    if (index % 20 === 0) {
      void connection.sendNotification(PROGRESS_NOTIFICATION, { done: index, total: files.length } satisfies ProgressParams);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const path = files[index];
    const uri = fileUri(path);
    const open = await lintOpen(uri);
    if (open !== undefined) {
      problems += open;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      continue;
    }
    const decoded = decodeSource(bytes, fileKind(path) === 'python');
    if (!decoded.ok) {
      linter.log.warn(`${path}: ${decoded.reason}; skipped`);
      continue;
    }
    const config = await linter.configFor(uri, path);
    const findings = await linter.withBaseline(uri, path, decoded.text, await linter.lintPath(path, decoded.text, config));
    problems += findings.length;
    // Version -1 matches no open document: fixes apply once the file is opened and re-linted.
    publish(uri, findings.map((finding) => toDiagnostic(finding, uri, -1, sectionLinks(finding.message, config))));
  }
  void connection.sendNotification(PROGRESS_NOTIFICATION, { done: files.length, total: files.length } satisfies ProgressParams);
  return { files: files.length, problems, cancelled: false };
}
