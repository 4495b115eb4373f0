import type { Connection } from 'vscode-languageserver';
import type { SeveritySetting } from '../core/config';
import { SEVERITY_SETTINGS as SEVERITY_SETTING_VALUES } from '../core/types';

/** The `stacklint.*` settings the editor sends; package.json's contributes.configuration is their schema. */
export interface EditorSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  severity: Record<string, SeveritySetting>;
  /** Milliseconds of pause before linting as you type; null adapts it to how long the document's lint takes. */
  lintDelay: number | null;
  /** A pyproject.toml (or other TOML file with `[tool.stacklint]`) used instead of the nearest one; may lie outside the workspace. */
  configuration: string | null;
  /** How much the server writes to its output channel. */
  logLevel: LogLevel;
  /** How findings recorded in the workspace's `.stacklint-baseline.json` show. */
  baseline: BaselineDisplay;
  /** `stacklint.fixAll.unsafe`: fix-all and fix-on-save apply unsafe fixes too. */
  fixAllUnsafe: boolean;
  /** Lint Workspace answers unchanged files from the folder's `.stacklint_cache` and keeps its results there. */
  cache: boolean;
}

export type BaselineDisplay = 'hint' | 'hide' | 'off';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { enable: true, run: 'onType', severity: {}, lintDelay: null, configuration: null, logLevel: 'info', baseline: 'hint', fixAllUnsafe: false, cache: true };

/** The VS Code setting (package.json contributes.configuration key) behind each field. */
export const EDITOR_SETTING_KEYS: Readonly<Record<keyof EditorSettings, string>> = {
  enable: 'stacklint.enable',
  run: 'stacklint.run',
  severity: 'stacklint.severity',
  lintDelay: 'stacklint.lintDelay',
  configuration: 'stacklint.configuration',
  logLevel: 'stacklint.logLevel',
  baseline: 'stacklint.baseline',
  fixAllUnsafe: 'stacklint.fixAll.unsafe',
  cache: 'stacklint.cache',
};

const SEVERITY_SETTINGS = new Set<string>(SEVERITY_SETTING_VALUES);

/** Reads whatever the client sent, keeping only well-formed values. */
export function parseEditorSettings(raw: unknown): EditorSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const severity: Record<string, SeveritySetting> = {};
  if (typeof value.severity === 'object' && value.severity !== null) {
    for (const [id, level] of Object.entries(value.severity)) {
      if (typeof level === 'string' && SEVERITY_SETTINGS.has(level)) severity[id] = level as SeveritySetting;
    }
  }
  // VS Code hands `stacklint.fixAll.unsafe` over as `fixAll: { unsafe }`.
  const fixAll = typeof value.fixAll === 'object' && value.fixAll !== null ? (value.fixAll as Record<string, unknown>) : {};
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_EDITOR_SETTINGS.enable,
    run: value.run === 'onSave' ? 'onSave' : 'onType',
    severity,
    lintDelay: typeof value.lintDelay === 'number' && Number.isFinite(value.lintDelay) && value.lintDelay >= 0 ? Math.min(value.lintDelay, 10_000) : null,
    configuration: typeof value.configuration === 'string' && value.configuration.trim() !== '' ? value.configuration.trim() : null,
    logLevel: LOG_LEVELS.find((level) => level === value.logLevel) ?? DEFAULT_EDITOR_SETTINGS.logLevel,
    baseline: value.baseline === 'hide' || value.baseline === 'off' ? value.baseline : 'hint',
    fixAllUnsafe: fixAll.unsafe === true,
    cache: typeof value.cache === 'boolean' ? value.cache : DEFAULT_EDITOR_SETTINGS.cache,
  };
}

/**
 * Asks the client for each resource's settings once, through
 * workspace/configuration, and keeps them until the client says they changed.
 */
export class EditorSettingsCache {
  private readonly cache = new Map<string, Promise<EditorSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly supported: () => boolean,
  ) {}

  get(uri: string): Promise<EditorSettings> {
    if (!this.supported()) return Promise.resolve(DEFAULT_EDITOR_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'stacklint' })
        .then(parseEditorSettings, () => DEFAULT_EDITOR_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(): void {
    this.cache.clear();
  }
}
