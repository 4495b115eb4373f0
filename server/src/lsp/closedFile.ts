// Lint Workspace's lint of a file that is not open, read from disk: the same
// code runs on a worker thread and, for a few files, in the server's thread.
import { basename, join } from 'node:path';
import { withEditorSeverity, type SeveritySetting, type StacklintConfig } from '../core/config';
import { decodeSource } from '../core/decode';
import { readWorkspaceBytes } from '../core/files';
import type { Finding } from '../core/types';
import type { WorkspaceFile } from '../core/workspace';
import { BASELINE_FILE } from '../engine/baseline';
import { hashOfRead, hashText, type LintedFile, statOfRead } from '../engine/cache';
import { fileKind, lintText } from '../engine/lint';
import { withParserRecovery } from '../engine/recovery';
import { initPythonParser } from '../python/parse';
import type { EditorBaseline } from './baseline';
import type { BaselineDisplay } from './editorSettings';
import type { FolderConfigs } from './linter';

/** A closed file and the editor settings of its URI that change its findings. */
export interface ClosedFileTask {
  path: string;
  /** The path's bytes when a name in it is not valid UTF-8 (the decoded `path` names no file). */
  raw?: Uint8Array;
  uri: string;
  severity: Record<string, SeveritySetting>;
  baseline: BaselineDisplay;
}

/** What a diagnostic shows of a finding: fixes are computed again once the file is opened. */
export type ShownFinding = Pick<Finding, 'rule' | 'severity' | 'message' | 'range' | 'related' | 'unnecessary'>;

export interface ClosedFileResult {
  task: ClosedFileTask;
  /** Undefined when the file was skipped (unreadable, or not text). */
  findings?: ShownFinding[];
  /** Lines for the server's log. */
  warnings: string[];
  /** Rules that threw, to be reported as the editor's lints report them. */
  failures: { rule: string; name: string; message: string; stack?: string }[];
  /** The lint read an open document, whose unsaved text only the server's thread has: lint there again. */
  needsBuffers?: boolean;
  /** What the result cache needs to keep this result (when asked to hash). */
  linted?: LintedFile & { reads: Record<string, string | null> };
}

/** What lintClosedFile needs from its thread. */
export interface ClosedFileEnv {
  configs: FolderConfigs;
  baseline: EditorBaseline;
  /** The workspace folder holding a path: rules may read other files only inside it. */
  rootFor: (path: string) => string | undefined;
  openFile: (path: string) => WorkspaceFile | undefined;
  /** Hash the text and every file read, so the result can be cached. */
  hash: boolean;
}

export function closedFileConfig(configs: FolderConfigs, task: ClosedFileTask): StacklintConfig {
  return withEditorSeverity(configs.forFile(task.path).config, task.severity);
}

/** Reads, decodes and lints a closed file as the server lints an open one, baseline applied. */
export async function lintClosedFile(task: ClosedFileTask, env: ClosedFileEnv): Promise<ClosedFileResult> {
  const { path } = task;
  const result: ClosedFileResult = { task, warnings: [], failures: [] };
  // Guarded as every workspace read: the walk saw a regular file, but it could be a FIFO by now.
  const read = readWorkspaceBytes(task.raw ? Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength) : path);
  const readAt = Date.now();
  if (!read.ok) {
    if (!read.missing) result.warnings.push(`${path}: ${read.reason}; skipped`);
    return result;
  }
  const bytes = read.bytes;
  const decoded = decodeSource(bytes, fileKind(path) === 'python');
  if (!decoded.ok) {
    result.warnings.push(`${path}: ${decoded.reason}; skipped`);
    return result;
  }
  await initPythonParser();
  const config = closedFileConfig(env.configs, task);
  const root = env.rootFor(path) ?? config.root;
  const reads: Record<string, string | null> = {};
  const seen = new Set<string>();
  let findings = await withParserRecovery(() =>
    lintText(path, decoded.text, config, {
      openFile: env.openFile,
      root,
      onRefusedFile: (other, reason) => result.warnings.push(`not reading ${other}: it ${reason}`),
      onRuleError: (rule, error) => {
        if (seen.has(rule)) return;
        seen.add(rule);
        const failure = error instanceof Error ? error : new Error(String(error));
        result.failures.push({ rule, name: failure.name, message: failure.message, stack: failure.stack });
      },
      onRead: env.hash ? (other, text) => (reads[other] = text === undefined ? null : hashText(text)) : undefined,
    }),
  );
  // `[tool.stacklint]` problems show on the pyproject.toml that holds them.
  if (basename(path) === 'pyproject.toml') findings = [...findings, ...env.configs.problemsFor(path)];
  findings = env.baseline.apply(path, decoded.text, findings, task.baseline);
  result.findings = findings.map(shownFinding);
  // A name that is not UTF-8 is not cached, as in the CLI: its decoded path may be another file's too.
  if (env.hash && !task.raw) {
    const folder = env.rootFor(path);
    // The baseline decides how findings show, so it keys the cached result like a file a rule read.
    if (folder && task.baseline !== 'off') reads[join(folder, BASELINE_FILE)] = hashOfRead(join(folder, BASELINE_FILE), folder);
    result.linted = { size: bytes.length, hash: hashText(bytes), stat: statOfRead(read.stats), readAt, reads };
  }
  return result;
}

function shownFinding({ rule, severity, message, range, related, unnecessary }: Finding): ShownFinding {
  const shown: ShownFinding = { rule, severity, message, range };
  if (related?.length) shown.related = related;
  if (unnecessary) shown.unnecessary = true;
  return shown;
}
