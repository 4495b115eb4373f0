// The one source of the `stacklint.*` settings: package.json's
// contributes.configuration is generated from these declarations and the
// rule registry (a unit test compares them; UPDATE_MANIFEST=1 rewrites
// package.json), as rust-analyzer generates its manifest from its config.
import { DOCS_BASE_URL, docsPath, SEVERITY_SETTINGS } from '../core/types';
import { RULES } from '../engine/registry';
import { DEFAULT_EDITOR_SETTINGS, EDITOR_SETTING_KEYS, LOG_LEVELS, type EditorSettings } from './editorSettings';

type Schema = Record<string, unknown>;

/** Each setting the server reads (its default comes from DEFAULT_EDITOR_SETTINGS), plus client-only ones. */
const SETTINGS: Record<keyof EditorSettings, Schema> & Record<string, Schema> = {
  enable: { type: 'boolean', scope: 'resource', description: 'Lint Python and dependency files against the team standard stack.' },
  run: {
    type: 'string',
    enum: ['onType', 'onSave'],
    enumDescriptions: ['Lint as you type (debounced).', 'Lint when a file is saved.'],
    scope: 'resource',
    description: 'When to lint open files.',
  },
  'trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    description: 'Traces the communication between VS Code and the Stack Lint server into its output channel.',
  },
  lintDelay: {
    type: ['number', 'null'],
    minimum: 0,
    maximum: 10000,
    scope: 'resource',
    markdownDescription: 'Milliseconds to wait after typing before linting. `null` (the default) adapts the wait to how long the document takes to lint: between 10 and 150 ms.',
  },
  configuration: {
    type: ['string', 'null'],
    scope: 'resource',
    markdownDescription: 'Path of a `pyproject.toml` (with a `[tool.stacklint]` table) to use instead of the nearest one, e.g. a team-wide file outside the workspace. Relative paths are resolved against the workspace folder; `~` and `${workspaceFolder}` are expanded. Ignored in Restricted Mode unless set in user settings.',
  },
  logLevel: {
    type: 'string',
    enum: [...LOG_LEVELS],
    scope: 'window',
    description: 'How much the Stack Lint server writes to its output channel.',
  },
  baseline: {
    type: 'string',
    enum: ['hint', 'hide', 'off'],
    enumDescriptions: [
      'Show findings recorded in the baseline as hints (faded, not counted in the Problems panel).',
      'Do not show findings recorded in the baseline.',
      'Ignore the baseline: show every finding with its usual severity.',
    ],
    scope: 'resource',
    markdownDescription: 'How findings recorded in the workspace folder\'s `.stacklint-baseline.json` (written by `stacklint --write-baseline`) are shown.',
  },
  severity: {
    type: 'object',
    scope: 'resource',
    additionalProperties: false,
    markdownDescription: 'Severity per rule id, overriding `[tool.stacklint.severity]` in pyproject.toml; `off` disables the rule.',
  },
  cache: {
    type: 'boolean',
    scope: 'resource',
    markdownDescription:
      '*Lint Workspace* answers files unchanged since its last run from the workspace folder\'s `.stacklint_cache` (as `stacklint` on the command line does) and keeps its results there. Off: every file is linted again and nothing is written, as `stacklint --no-cache`. The cache is never used in Restricted Mode.',
  },
  fixAllUnsafe: {
    type: 'boolean',
    scope: 'resource',
    markdownDescription:
      'Let *Fix All Problems* and `source.fixAll.stacklint` (fix on save) apply unsafe fixes too. By default they apply only safe fixes, as Ruff\'s `--fix` does; `unsafe-fixes = true` in `[tool.stacklint]` does the same for one project. The quick-fix menu offers every fix either way.',
  },
};

/** The `contributes.configuration` object package.json must carry. */
export function configurationContribution(): { title: string; properties: Record<string, Schema> } {
  const properties: Record<string, Schema> = {};
  for (const [key, schema] of Object.entries(SETTINGS)) {
    const defaults = DEFAULT_EDITOR_SETTINGS as unknown as Record<string, unknown>;
    const property: Schema = { ...schema, ...(key in defaults ? { default: defaults[key] } : {}) };
    if (key === 'severity') property.properties = severityProperties();
    properties[EDITOR_SETTING_KEYS[key as keyof EditorSettings] ?? `stacklint.${key}`] = property;
  }
  return { title: 'Stack Lint', properties };
}

function severityProperties(): Record<string, Schema> {
  return Object.fromEntries(
    RULES.map((rule) => [
      rule.meta.id,
      { type: 'string', enum: [...SEVERITY_SETTINGS], markdownDescription: `Severity of [${rule.meta.id}](${DOCS_BASE_URL}${docsPath(rule.meta.id)}).` },
    ]),
  );
}
