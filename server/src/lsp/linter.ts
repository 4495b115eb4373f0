import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { withEditorSeverity, type StacklintConfig } from '../core/config';
import { basename, join } from 'node:path';
import { ConfigCache, type LoadedConfig } from '../config/load';
import { isExcluded, lintText, type LintOptions } from '../engine/lint';
import { withParserRecovery } from '../engine/recovery';
import type { Finding } from '../core/types';
import { isInside } from '../core/files';
import type { WorkspaceFile } from '../core/workspace';
import { documentPath } from './paths';
import type { EditorSettingsCache } from './editorSettings';
import { Log } from './log';
import { RuleFailureReporter } from './ruleFailures';
import { EditorBaseline } from './baseline';

/** Documents above this size are not linted as you type. */
const MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;

export interface LintedDocument {
  path: string;
  config: StacklintConfig;
  findings: Finding[];
}

/**
 * Lints documents with the configuration that applies to them: the nearest
 * `[tool.stacklint]` overridden by the editor's settings.
 */
export class Linter {
  readonly configs: FolderConfigs;
  /** The server's log, filtered by `stacklint.logLevel`. */
  readonly log: Log;
  readonly ruleFailures: RuleFailureReporter;
  /** The workspace baseline, applied to every lint (Lint Workspace's workers build their own). */
  readonly baseline: EditorBaseline;

  constructor(
    connection: Connection,
    readonly settings: EditorSettingsCache,
    private readonly folders: () => string[],
    openText: (path: string) => string | undefined,
    private readonly openFile: (path: string) => WorkspaceFile | undefined = () => undefined,
  ) {
    this.configs = new FolderConfigs(folders, openText);
    this.log = new Log(connection);
    this.ruleFailures = new RuleFailureReporter(connection, this.log);
    this.baseline = new EditorBaseline(folders, (message) => this.log.warn(message));
  }

  /**
   * The path the engine sees for a document. An untitled Python buffer is
   * linted as a file at the root of the first workspace folder, so it gets
   * that folder's configuration.
   */
  pathOf(document: TextDocument): string | undefined {
    const path = documentPath(document.uri, document.languageId);
    const folder = this.folders()[0];
    if (!path || document.uri.startsWith('file:') || !folder || document.languageId !== 'python') return path;
    return join(folder, basename(path));
  }

  /** The configuration for a path, with the editor's overrides applied. */
  async configFor(uri: string, path: string): Promise<StacklintConfig> {
    const settings = await this.settings.get(uri);
    return withEditorSeverity(this.configs.forFile(path).config, settings.severity);
  }

  /** The path and configuration a document is linted with; undefined when it is not stacklint's, disabled, excluded or too large. */
  async target(document: TextDocument): Promise<{ path: string; config: StacklintConfig } | undefined> {
    const path = this.pathOf(document);
    if (!path) return undefined;
    const settings = await this.settings.get(document.uri);
    if (!settings.enable) return undefined;
    if (document.getText().length > MAX_DOCUMENT_CHARS) {
      this.log.info(`${path} is larger than 8 MiB; not linted`);
      return undefined;
    }
    const config = withEditorSeverity(this.configs.forFile(path).config, settings.severity);
    return isExcluded(path, config) ? undefined : { path, config };
  }

  /** `reuse` (the last tree and lint memory) is asked for only after the settings arrive, so it matches the text linted. */
  async lint(document: TextDocument, reuse?: () => Pick<LintOptions, 'trees' | 'memory'>): Promise<LintedDocument | undefined> {
    const target = await this.target(document);
    if (!target) return undefined;
    const text = document.getText();
    const { trees, memory } = reuse?.() ?? {};
    const findings = await this.lintPath(target.path, text, target.config, trees, memory);
    return { ...target, findings: await this.withBaseline(document.uri, target.path, text, findings) };
  }

  /** Findings recorded in the workspace's baseline shown as the `stacklint.baseline` setting says. */
  async withBaseline(uri: string, path: string, text: string, findings: Finding[]): Promise<Finding[]> {
    const { baseline } = await this.settings.get(uri);
    return this.baseline.apply(path, text, findings, baseline);
  }

  /** The workspace folder holding a path: rules may read other files only inside it. */
  rootFor(path: string): string | undefined {
    return this.folders().filter((folder) => isInside(folder, path)).sort((a, b) => b.length - a.length)[0];
  }

  /**
   * Lints text at a path, adding `[tool.stacklint]` problems when the path
   * is that pyproject.toml. A parser broken by the text is replaced and the
   * text linted once more.
   */
  async lintPath(path: string, text: string, config: StacklintConfig, trees?: LintOptions['trees'], memory?: LintOptions['memory']): Promise<Finding[]> {
    const findings = await withParserRecovery(() =>
      lintText(path, text, config, {
        trees,
        memory,
        openFile: this.openFile,
        root: this.rootFor(path) ?? config.root,
        onRefusedFile: (other, reason) => this.log.warn(`not reading ${other}: it ${reason}`),
        onRuleError: this.ruleFailures.onRuleError(path),
      }),
    );
    // `[tool.stacklint]` problems show on the pyproject.toml that holds them.
    return basename(path) === 'pyproject.toml' ? [...findings, ...this.configs.problemsFor(path)] : findings;
  }
}

/**
 * One ConfigCache per workspace folder (created on first use, since folders
 * come and go): a file gets the configuration of the innermost folder that
 * holds it, or the explicit `stacklint.configuration` file set for that folder.
 */
export class FolderConfigs {
  private readonly caches = new Map<string, ConfigCache>();
  /** `stacklint.configuration` per folder, already resolved to an absolute path that exists. */
  readonly explicit = new Map<string, string>();

  constructor(
    private readonly folders: () => string[],
    private readonly openText: (path: string) => string | undefined,
  ) {}

  /** The folder a path belongs to: the innermost workspace folder holding it, else the first. */
  folderOf(path: string): string | undefined {
    const holding = this.folders().filter((folder) => isInside(folder, path));
    return holding.sort((a, b) => b.length - a.length)[0] ?? this.folders()[0];
  }

  forFile(path: string): LoadedConfig {
    const folder = this.folderOf(path);
    const loaded = this.cacheFor(folder).forFile(path);
    const explicit = folder && this.explicit.get(folder);
    // Globs of a shared file outside the folder are relative to the folder, as if the file were its pyproject.toml.
    if (folder && explicit && !isInside(folder, explicit)) return { ...loaded, config: { ...loaded.config, root: folder } };
    return loaded;
  }

  problemsFor(path: string) {
    return this.cacheFor(this.folderOf(path)).problemsFor(path);
  }

  /** Every policy file the folders' configurations read, with its problems. */
  policyProblems(): ReadonlyMap<string, Finding[]> {
    const all = new Map<string, Finding[]>();
    for (const cache of this.caches.values()) for (const [path, problems] of cache.policyProblems()) all.set(path, problems);
    return all;
  }

  clear(): void {
    for (const cache of this.caches.values()) cache.clear();
    // Folders removed from the workspace keep no cache.
    for (const folder of this.caches.keys()) if (!this.folders().includes(folder)) this.caches.delete(folder);
  }

  private cacheFor(folder: string | undefined): ConfigCache {
    const key = folder ?? '';
    let cache = this.caches.get(key);
    if (!cache) {
      cache = new ConfigCache(folder ?? process.cwd(), folder ? this.explicit.get(folder) : undefined, { stopAt: folder, readText: this.openText });
      this.caches.set(key, cache);
    }
    return cache;
  }

  /** Drops every cache, e.g. when `stacklint.configuration` changed. */
  reset(): void {
    this.caches.clear();
  }
}
