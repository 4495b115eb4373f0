import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { withEditorSeverity, type StacklintConfig } from '../core/config';
import { basename } from 'node:path';
import { ConfigCache } from '../config/load';
import { isExcluded, lintText, type LintOptions } from '../engine/lint';
import type { Finding } from '../core/types';
import { isInside } from '../core/files';
import type { WorkspaceFile } from '../core/workspace';
import { documentPath } from './paths';
import type { EditorSettingsCache } from './editorSettings';

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
  readonly configs: LazyConfigCache;

  constructor(
    private readonly connection: Connection,
    readonly settings: EditorSettingsCache,
    private readonly folders: () => string[],
    openText: (path: string) => string | undefined,
    private readonly openFile: (path: string) => WorkspaceFile | undefined = () => undefined,
  ) {
    // Built lazily: the workspace folders are known only after initialize.
    this.configs = new LazyConfigCache(() => {
      const root = folders()[0];
      return new ConfigCache(root ?? process.cwd(), undefined, { stopAt: root, readText: openText });
    });
  }

  /** The configuration for a path, with the editor's overrides applied. */
  async configFor(uri: string, path: string): Promise<StacklintConfig> {
    const settings = await this.settings.get(uri);
    return withEditorSeverity(this.configs.forFile(path).config, settings.severity);
  }

  /** The path and configuration a document is linted with; undefined when it is not stacklint's, disabled, excluded or too large. */
  async target(document: TextDocument): Promise<{ path: string; config: StacklintConfig } | undefined> {
    const path = documentPath(document.uri, document.languageId);
    if (!path) return undefined;
    const settings = await this.settings.get(document.uri);
    if (!settings.enable) return undefined;
    if (document.getText().length > MAX_DOCUMENT_CHARS) {
      this.connection.console.info(`stacklint: ${path} is larger than 8 MiB; not linted`);
      return undefined;
    }
    const config = withEditorSeverity(this.configs.forFile(path).config, settings.severity);
    return isExcluded(path, config) ? undefined : { path, config };
  }

  /** `trees` is asked for only after the settings arrive, so it matches the text linted. */
  async lint(document: TextDocument, trees?: () => LintOptions['trees']): Promise<LintedDocument | undefined> {
    const target = await this.target(document);
    if (!target) return undefined;
    return { ...target, findings: this.lintPath(target.path, document.getText(), target.config, trees?.()) };
  }

  /** The workspace folder holding a path: rules may read other files only inside it. */
  rootFor(path: string): string | undefined {
    return this.folders().filter((folder) => isInside(folder, path)).sort((a, b) => b.length - a.length)[0];
  }

  /** Lints text at a path, adding `[tool.stacklint]` problems when the path is that pyproject.toml. */
  lintPath(path: string, text: string, config: StacklintConfig, trees?: LintOptions['trees']): Finding[] {
    const findings = lintText(path, text, config, {
      trees,
      openFile: this.openFile,
      root: this.rootFor(path) ?? config.root,
      onRefusedFile: (other, reason) => this.connection.console.warn(`stacklint: not reading ${other}: it ${reason}`),
      onRuleError: (rule, error) => this.connection.console.error(`stacklint: rule ${rule} failed on ${path}: ${(error as Error).stack ?? error}`),
    });
    // `[tool.stacklint]` problems show on the pyproject.toml that holds them.
    return basename(path) === 'pyproject.toml' ? [...findings, ...this.configs.problemsFor(path)] : findings;
  }
}

/** A ConfigCache created on first use and dropped whole by clear(). */
class LazyConfigCache {
  private cache: ConfigCache | undefined;

  constructor(private readonly create: () => ConfigCache) {}

  private get current(): ConfigCache {
    return (this.cache ??= this.create());
  }

  forFile(path: string) {
    return this.current.forFile(path);
  }

  problemsFor(path: string) {
    return this.current.problemsFor(path);
  }

  clear(): void {
    this.cache?.clear();
  }
}
