import type { CancellationToken, Connection, Diagnostic } from 'vscode-languageserver';
import { fileNotice } from '../core/files';
import type { Finding } from '../core/types';
import type { WorkspaceFile } from '../core/workspace';
import type { WalkedFile } from '../engine/walk';
import { runInWorkers, TaskQueue, workerCount, workerScript } from '../engine/pool';
import type { Linter } from './linter';
import { sectionLinks } from '../config/standard';
import { toDiagnostic } from './convert';
import { fileUri, rawFileUri, uriPathBytes } from './paths';
import { PROGRESS_NOTIFICATION, type LintWorkspaceResult, type ProgressParams } from './protocol';
import { type ClosedFileEnv, closedFileConfig, type ClosedFileResult, type ClosedFileTask, lintClosedFile } from './closedFile';
import { WorkspaceCache } from './workspaceCache';
import { walkWorkspace } from './workspaceWalk';
import { collectGarbageTwice } from './memory';
import type { WorkspaceWorkerSetup } from './workspaceWorker';

export { LINT_WORKSPACE_REQUEST, type LintWorkspaceResult } from './protocol';

/** What Lint Workspace needs from the server besides the linter. */
export interface WorkspaceLintHost {
  connection: Connection;
  linter: Linter;
  folders: string[];
  /** Lints an open document at its editor text; how many problems it shows, undefined when it is not open. */
  lintOpen: (uri: string) => Promise<number | undefined>;
  /** Open editor buffers by path, which win over the disk. */
  openFile: (path: string) => WorkspaceFile | undefined;
  /** Every open document's path. */
  openPaths: () => string[];
  /** Every open document's URI (a file whose name is not UTF-8 is known by its URI only). */
  openUris: () => string[];
  /** Shows a closed file's diagnostics: pushed, or kept for the client's workspace diagnostics request. */
  publish: (uri: string, diagnostics: Diagnostic[]) => void;
  /** Answer unchanged files from, and keep results in, each folder's .stacklint_cache. */
  cache: boolean;
}

/** Files between progress notifications (and, in this thread, between yields to other requests). */
const STEP = 20;

/**
 * Lints every Python and dependency file under the folders without opening
 * them and publishes their diagnostics. Closed files are answered from the
 * result cache or linted on worker threads, as the CLI does; open documents
 * are linted at their editor text by `lintOpen` meanwhile, so the summary
 * counts what the Problems panel shows. Only diagnostics are kept.
 */
export async function lintWorkspace(host: WorkspaceLintHost, token: CancellationToken): Promise<LintWorkspaceResult> {
  const { connection, linter } = host;
  // Names that are not UTF-8 are linted too, as the CLI does; a client may open one under its bytes' URI.
  const { files, rawFiles } = walkWorkspace(linter, host.folders, 'Lint Workspace');
  // Open documents by their paths' bytes: a client may spell such a URI otherwise than rawFileUri (`%ff`, `(`).
  const openByBytes = new Map(rawFiles.length === 0 ? [] : host.openUris().flatMap((uri) => {
    const bytes = uriPathBytes(uri);
    return bytes ? [[bytes.toString('hex'), uri] as const] : [];
  }));
  const openUriOf = (file: WalkedFile) => (file.raw ? openByBytes.get(file.raw.toString('hex')) : undefined);
  const rawOpen = rawFiles.filter((file) => openUriOf(file) !== undefined);
  const total = files.length + rawFiles.length;
  // Open documents by path, as the files walked name them (a URI may spell a path differently).
  const open = new Set([...host.openPaths(), ...files.filter((path) => host.openFile(path) !== undefined)]);
  let done = 0;
  let problems = 0;
  const progress = () => void connection.sendNotification(PROGRESS_NOTIFICATION, { done, total } satisfies ProgressParams);
  const count = (shown: number) => {
    problems += shown;
    if (++done % STEP === 0) progress();
  };
  progress();
  const cache = host.cache ? new WorkspaceCache((path) => linter.rootFor(path), (path) => linter.configs.forFile(path), (path) => open.has(path)) : undefined;
  const show = (task: ClosedFileTask, findings: readonly Finding[]) => {
    const config = closedFileConfig(linter.configs, task);
    // Version -1 matches no open document: fixes apply once the file is opened and re-linted.
    host.publish(task.uri, findings.map((finding) => toDiagnostic(finding, task.uri, -1, sectionLinks(finding.message, config))));
    count(findings.length);
  };
  const again: ClosedFileTask[] = [];
  // By URI: two names that are not UTF-8 may decode to one path.
  const finished = new Set<ClosedFileTask['uri']>();
  const finish = (result: ClosedFileResult) => {
    finished.add(result.task.uri);
    if (result.needsBuffers) return void again.push(result.task);
    for (const warning of result.warnings) linter.log.warn(warning);
    const report = linter.ruleFailures.onRuleError(result.task.path);
    for (const failure of result.failures) report(failure.rule, Object.assign(new Error(failure.message), { name: failure.name, stack: failure.stack }));
    if (!result.findings) return count(0);
    cache?.remember(result);
    show(result.task, result.findings as Finding[]);
  };

  const closed = await Promise.all([...files.filter((path) => !open.has(path)).map((path) => closedTask(linter, { path })), ...rawFiles.filter((file) => !rawOpen.includes(file)).map((file) => closedTask(linter, file))]);
  const misses = cache ? closed.filter((task) => !answerFromCache(task)) : closed;
  function answerFromCache(task: ClosedFileTask): boolean {
    const findings = cache!.lookup(task);
    if (findings) show(task, findings as Finding[]);
    return findings !== undefined;
  }
  const env: ClosedFileEnv = { configs: linter.configs, baseline: linter.baseline, rootFor: (path) => linter.rootFor(path), openFile: host.openFile, hash: cache !== undefined };
  const inThread = async (tasks: ClosedFileTask[]) => {
    for (const task of tasks) {
      if (token.isCancellationRequested) return;
      if (done % STEP === 0) await new Promise((resolve) => setImmediate(resolve));
      finish(await lintClosedFile(task, env));
    }
  };
  const workers = workerCount(misses.length);
  const queue = new TaskQueue(misses);
  const closedDone =
    workers > 1
      ? runInWorkers<ClosedFileTask, ClosedFileResult, WorkspaceWorkerSetup>(queue, {
          script: workerScript('lsp-worker.js'),
          setup: workerSetup(host, open),
          workers,
          onResults: (results) => results.forEach(finish),
          onNotice: (path, message) => fileNotice(path, message),
          stop: () => token.isCancellationRequested,
        }).catch((error: unknown) => {
          // A worker that failed to start or died (its bundle missing, out of memory): this thread lints what is left.
          linter.log.error(`Lint Workspace: a worker failed (${String(error)}); linting the rest in the server`);
          queue.close();
          return inThread(misses.filter((task) => !finished.has(task.uri)));
        })
      : inThread(misses);
  // Open documents are linted here while the workers lint the closed files.
  for (const file of [...files.filter((path) => open.has(path)).map((path): WalkedFile => ({ path })), ...rawOpen]) {
    if (token.isCancellationRequested) break;
    // Every time: the workers' results and other requests are handled in between.
    await new Promise((resolve) => setImmediate(resolve));
    const shown = await host.lintOpen(openUriOf(file) ?? fileUri(file.path));
    if (shown === undefined) again.push(await closedTask(linter, file));
    else count(shown);
  }
  await closedDone;
  // Files whose lint read an open document, and documents closed meanwhile, are linted here.
  await inThread(again);
  const stats = cache?.save();
  // The texts, trees and findings of a thousand files are garbage now, and the server is idle: give their memory back.
  collectGarbageTwice();
  const threads = workers > 1 ? ` on ${workers} threads` : '';
  // Counted here, not by the caches: files whose names are not UTF-8 are linted without asking them.
  linter.log.info(`Lint Workspace: ${stats ? `${stats.hits} files unchanged since the last run, ` : ''}${misses.length} linted${threads}`);
  if (token.isCancellationRequested) return { files: done, problems, cancelled: true };
  progress();
  return { files: total, problems, cancelled: false };
}

/** A closed file with the editor settings of its URI that change findings. */
async function closedTask(linter: Linter, { path, raw }: WalkedFile): Promise<ClosedFileTask> {
  const uri = raw ? rawFileUri(raw) : fileUri(path);
  // Settings by the decoded path's URI, which a folder's settings scope can match.
  const { severity, baseline } = await linter.settings.get(fileUri(path));
  return raw ? { path, raw, uri, severity, baseline } : { path, uri, severity, baseline };
}

/** A worker builds the server's configurations from the same files, unsaved configuration edits included. */
function workerSetup(host: WorkspaceLintHost, open: Set<string>): WorkspaceWorkerSetup {
  const explicit = [...host.linter.configs.explicit];
  const named = new Set(explicit.map(([, path]) => path));
  const configTexts: [string, string][] = [];
  for (const path of open) {
    const file = path.endsWith('.toml') || named.has(path) ? host.openFile(path) : undefined;
    if (file) configTexts.push([path, file.text]);
  }
  return { folders: host.folders, explicit, configTexts, open: [...open], hash: host.cache };
}
