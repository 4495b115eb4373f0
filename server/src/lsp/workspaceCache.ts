// Lint Workspace's side of the result cache: each workspace folder's
// .stacklint_cache holds the editor's own index beside the CLI's, keyed by
// the configuration with the editor's severity settings and baseline display.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load';
import { readWorkspaceBytes } from '../core/files';
import { CACHE_DIR, ResultCache, settingsKey } from '../engine/cache';
import type { ClosedFileResult, ClosedFileTask, ShownFinding } from './closedFile';
import { SERVER_VERSION } from './environment';

/** The editor's index: shown findings, where the CLI's holds printed ones. */
export const EDITOR_INDEX = 'editor.json';

export class WorkspaceCache {
  private readonly caches = new Map<string, ResultCache<ShownFinding[]>>();

  constructor(
    /** The workspace folder holding a path, whose cache folder keeps its result. */
    private readonly folderOf: (path: string) => string | undefined,
    /** The configuration a closed file is linted with (before the editor's severity settings), and its problems. */
    private readonly configOf: (path: string) => LoadedConfig,
    /** A file open in the editor: a result that read it may not hold for its unsaved text. */
    private readonly isOpen: (path: string) => boolean,
  ) {}

  lookup(task: ClosedFileTask): ShownFinding[] | undefined {
    const folder = this.folderOf(task.path);
    if (!folder || task.raw) return undefined;
    const read = () => {
      const bytes = readWorkspaceBytes(task.path);
      return bytes.ok ? bytes.bytes : undefined;
    };
    return this.cacheFor(folder).lookup(task.path, this.key(task), folder, read, this.isOpen);
  }

  remember({ task, findings, linted }: ClosedFileResult): void {
    const folder = this.folderOf(task.path);
    if (!folder || !findings || !linted) return;
    this.cacheFor(folder).storeLinted(task.path, linted, this.key(task), linted.reads, findings);
  }

  /** Writes every folder's index that changed; how many files it answered. */
  save(): { hits: number } {
    let hits = 0;
    for (const cache of this.caches.values()) {
      cache.save();
      hits += cache.hits;
    }
    return { hits };
  }

  private key(task: ClosedFileTask): string {
    const { config, problems } = this.configOf(task.path);
    // settingsKey hashes each configuration once and remembers each variant of it.
    return settingsKey(config, `editor;severity=${JSON.stringify(task.severity)};baseline=${task.baseline}`, problems);
  }

  private cacheFor(folder: string): ResultCache<ShownFinding[]> {
    let cache = this.caches.get(folder);
    if (!cache) this.caches.set(folder, (cache = ResultCache.open<ShownFinding[]>(join(folder, CACHE_DIR), cacheVersion(), { name: EDITOR_INDEX, isResults: isShownFindings, workspace: folder })));
    return cache;
  }
}

/** Results of another stacklint build are never reused: its rules may differ, even under the same version number. */
function cacheVersion(): string {
  try {
    const bundle = statSync(__filename);
    return `${SERVER_VERSION}+${bundle.size}-${bundle.mtimeMs}`;
  } catch {
    return SERVER_VERSION;
  }
}

/** The findings of one file as `remember` stores them: what publishing them reads. */
function isShownFindings(value: unknown): value is ShownFinding[] {
  return Array.isArray(value) && value.every((finding: Partial<Record<keyof ShownFinding, unknown>> | null) =>
    typeof finding === 'object' && finding !== null &&
    typeof finding.rule === 'string' && typeof finding.severity === 'string' && typeof finding.message === 'string' && isRange(finding.range) &&
    (finding.unnecessary === undefined || typeof finding.unnecessary === 'boolean') &&
    (finding.related === undefined || (Array.isArray(finding.related) && finding.related.every((info: { range?: unknown; message?: unknown } | null) => typeof info?.message === 'string' && isRange(info.range)))));
}

function isRange(value: unknown): boolean {
  const range = value as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | null;
  return [range?.start, range?.end].every((position) => Number.isInteger(position?.line) && Number.isInteger(position?.character));
}
