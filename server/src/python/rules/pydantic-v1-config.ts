/**
 * ## What it does
 * Flags a `class Config:` nested in a Pydantic model or settings class (a
 * subclass of `pydantic.BaseModel`, `pydantic.RootModel`,
 * `pydantic.generics.GenericModel`, `sqlmodel.SQLModel` or
 * `pydantic_settings.BaseSettings`, also through other models of the same
 * file or in another module of the project, which is read to follow the
 * base: `from app.models.base import AppModel` with `app/models/base.py`
 * under the project root or `src/`, or a relative import). When a base
 * cannot be followed (its module is not in the project, or it is an
 * expression), the class is taken for a model when its `Config` sets a key
 * only Pydantic 1 reads (`orm_mode`, `allow_population_by_field_name`,
 * `validate_assignment`, `env_prefix`, ...), and no fix is offered. Models of
 * the `pydantic.v1` compatibility package are not flagged.
 * The fix writes `model_config = ConfigDict(...)` (`SettingsConfigDict` for
 * settings) with the Pydantic 2 names of the v1 keys: `orm_mode` →
 * `from_attributes`, `allow_population_by_field_name` → `populate_by_name`,
 * `schema_extra` → `json_schema_extra`, `anystr_strip_whitespace` →
 * `str_strip_whitespace`, `validate_all` → `validate_default`,
 * `allow_mutation = False` → `frozen = True`, `Extra.forbid` → `"forbid"`,
 * and so on. There is no fix when the class holds keys Pydantic 2 removed
 * (`fields`, `smart_union`, ...), methods, or a docstring.
 *
 * ## Why is this bad?
 * The standard requires Pydantic 2 (§2.4), where the nested `Config` class is
 * deprecated and v1 key names are renamed or removed; Pydantic 2 warns about
 * them today and a future major version drops them.
 *
 * ## Example
 * ```python
 * from pydantic import BaseModel
 *
 * class User(BaseModel):
 *     name: str
 *
 *     class Config:
 *         orm_mode = True
 * ```
 *
 * ## Use instead
 * ```python
 * from pydantic import BaseModel, ConfigDict
 *
 * class User(BaseModel):
 *     name: str
 *
 *     model_config = ConfigDict(from_attributes=True)
 * ```
 */
import type { Node } from '../parse';
import type { Workspace } from '../../core/workspace';
import type { PythonFile } from '../file';
import { importedProjectClass } from '../project-classes';
import { referenceTo } from '../imports';
import type { Fix } from '../../core/types';
import { definePythonRule } from '../rule';

const MODEL_BASES = new Set([
  'pydantic.BaseModel', 'pydantic.main.BaseModel', 'pydantic.RootModel', 'pydantic.root_model.RootModel',
  'pydantic.generics.GenericModel', 'sqlmodel.SQLModel', 'sqlmodel.main.SQLModel',
]);
const SETTINGS_BASES = new Set(['pydantic_settings.BaseSettings', 'pydantic.BaseSettings', 'pydantic.env_settings.BaseSettings']);

/** Pydantic's v1 → v2 config key renames (migration guide). */
const RENAMED: Readonly<Record<string, string>> = {
  allow_population_by_field_name: 'populate_by_name',
  anystr_lower: 'str_to_lower',
  anystr_upper: 'str_to_upper',
  anystr_strip_whitespace: 'str_strip_whitespace',
  keep_untouched: 'ignored_types',
  max_anystr_length: 'str_max_length',
  min_anystr_length: 'str_min_length',
  orm_mode: 'from_attributes',
  schema_extra: 'json_schema_extra',
  validate_all: 'validate_default',
};
/** Keys Pydantic 2 removed: no mechanical rewrite keeps their meaning. */
const REMOVED = new Set([
  'error_msg_templates', 'fields', 'getter_dict', 'smart_union', 'underscore_attrs_are_private', 'json_loads',
  'json_dumps', 'copy_on_model_validation', 'post_init_call',
]);
const LINE_LIMIT = 88;

type ModelKind = 'model' | 'settings';

/** What a lint may read to follow a base class into another module of the project. */
interface Project {
  root: string;
  workspace: Workspace;
}

/**
 * Whether a class is a Pydantic model or settings class, following bases
 * defined in the same file or in another module of the project. 'unknown'
 * when a base comes from elsewhere (a module that cannot be read, or an
 * expression) and may be a model.
 */
function modelKind(file: PythonFile, cls: Node, project: Project, seen = new Set<string>()): ModelKind | 'unknown' | undefined {
  const key = `${file.path}:${cls.startIndex}`;
  if (seen.has(key) || seen.size > 8) return undefined;
  seen.add(key);
  let kind: ModelKind | 'unknown' | undefined;
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base || base.type === 'keyword_argument' || base.type === 'comment') continue;
    const name = file.qualifiedName(base);
    if (name && SETTINGS_BASES.has(name)) return 'settings';
    if (name && MODEL_BASES.has(name)) kind = 'model';
    const binding = base.type === 'identifier' ? file.binding(base.text, base) : undefined;
    const local = binding?.kind === 'local' && binding.node.type === 'class_definition' ? { file, node: binding.node } : undefined;
    const imported = binding?.kind === 'import' && name && isUnknownBase(name, binding.kind) ? importedProjectClass(file, name, project.root, project.workspace) : undefined;
    const definition = local ?? imported;
    if (definition) {
      const inherited = modelKind(definition.file, definition.node, project, seen);
      if (inherited === 'settings') return inherited;
      if (inherited === 'model' || kind === undefined) kind = inherited ?? kind;
    } else if (kind === undefined && isUnknownBase(name, binding?.kind)) {
      kind = 'unknown';
    }
  }
  return kind;
}

/** A base imported from a module that is not Pydantic's, or reached through an attribute: it may be a project's own model. */
function isUnknownBase(name: string | undefined, binding: string | undefined): boolean {
  if (binding === 'local') return false;
  if (name === undefined) return true;
  return !name.startsWith('builtins.') && !/^pydantic\.v1\b/.test(name) && !MODEL_BASES.has(name) && !SETTINGS_BASES.has(name);
}

/**
 * Config keys only Pydantic 1 reads. A `class Config` whose model's base is
 * unknown is reported when it sets one of them: a plain `class Config` of
 * another library (or of the project) rarely says `orm_mode`.
 */
const V1_KEYS = new Set([
  'orm_mode', 'allow_population_by_field_name', 'schema_extra', 'anystr_strip_whitespace', 'anystr_lower', 'anystr_upper',
  'min_anystr_length', 'max_anystr_length', 'validate_all', 'validate_assignment', 'allow_mutation', 'arbitrary_types_allowed',
  'json_encoders', 'use_enum_values', 'underscore_attrs_are_private', 'smart_union', 'keep_untouched', 'copy_on_model_validation',
  'error_msg_templates', 'getter_dict', 'json_loads', 'json_dumps', 'env_prefix', 'env_file', 'env_file_encoding',
  'env_nested_delimiter', 'secrets_dir', 'case_sensitive',
]);
const SETTINGS_KEYS = new Set(['env_prefix', 'env_file', 'env_file_encoding', 'env_nested_delimiter', 'secrets_dir']);

/** The keys a Config body assigns. */
function configKeys(config: Node): string[] {
  const body = config.childForFieldName('body');
  return (body?.namedChildren ?? []).flatMap((statement) => {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    return left?.type === 'identifier' ? [left.text] : [];
  });
}

interface Item {
  key: string;
  value: string;
  start: number;
  end: number;
  line: number;
}

/** The `key=value` items of a Config body, renamed for Pydantic 2; undefined when no faithful rewrite exists. */
function configItems(file: PythonFile, body: Node): Item[] | undefined {
  const items: Item[] = [];
  for (const statement of body.namedChildren) {
    if (!statement || statement.type === 'comment' || statement.type === 'pass_statement') continue;
    const assignment = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.namedChildren[0] : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.childForFieldName('right');
    if (!assignment || left?.type !== 'identifier' || !right || REMOVED.has(left.text)) return undefined;
    // `a = b = 1` cannot become a keyword argument; a bare tuple (`a = 1, 2`) needs its parentheses there.
    if (right.type === 'assignment' || right.type === 'yield') return undefined;
    let key = RENAMED[left.text] ?? left.text;
    let value = right.type === 'expression_list' ? `(${right.text})` : right.text;
    if (left.text === 'allow_mutation') {
      key = 'frozen';
      value = right.type === 'true' ? 'False' : right.type === 'false' ? 'True' : `not (${right.text})`;
    }
    const extra = file.qualifiedName(right)?.match(/^pydantic\.(?:config\.)?Extra\.(allow|ignore|forbid)$/);
    if (extra) value = `"${extra[1]}"`;
    items.push({ key, value, start: statement.startIndex, end: statement.endIndex, line: file.lines.positionAt(statement.startIndex).line });
  }
  return items;
}

function configFix(file: PythonFile, config: Node, model: Node, kind: ModelKind): Fix | undefined {
  const body = config.childForFieldName('body');
  if (!body || config.parent?.type === 'decorated_definition' || config.childForFieldName('superclasses')) return undefined;
  const hasModelConfig = model.childForFieldName('body')?.namedChildren.some(
    (s) => s?.type === 'expression_statement' && s.namedChildren[0]?.childForFieldName('left')?.text === 'model_config',
  );
  const items = configItems(file, body);
  if (!items || hasModelConfig) return undefined;
  // A setting given twice would be a repeated keyword argument: a SyntaxError.
  if (new Set(items.map((item) => item.key)).size < items.length) return undefined;
  const comments = file.nodes('comment').filter((c) => c.startIndex > config.startIndex && c.endIndex <= config.endIndex);
  const reference = kind === 'settings' ? referenceTo(file, 'pydantic_settings', 'SettingsConfigDict', config) : referenceTo(file, 'pydantic', 'ConfigDict', config);
  if (reference.unavailable) return undefined;
  const start = file.lines.positionAt(config.startIndex);
  const indent = ' '.repeat(start.character);
  const oneLine = `model_config = ${reference.expression}(${items.map((i) => `${i.key}=${i.value}`).join(', ')})`;
  let text = oneLine;
  if (comments.length > 0 || items.some((i) => i.value.includes('\n')) || indent.length + oneLine.length > LINE_LIMIT) {
    // One item per line keeps multi-line values' indentation and every comment in place.
    const inner = `${indent}    `;
    const lines: string[] = [];
    const entries = [...items.map((i) => ({ at: i.start, item: i })), ...comments.map((c) => ({ at: c.startIndex, comment: c }))].sort((a, b) => a.at - b.at);
    let lastLine = -1;
    for (const entry of entries) {
      if ('item' in entry && entry.item) {
        lines.push(`${inner}${entry.item.key}=${entry.item.value},`);
        lastLine = file.lines.positionAt(entry.item.end).line;
      } else if ('comment' in entry && entry.comment) {
        const line = file.lines.positionAt(entry.comment.startIndex).line;
        if (line === lastLine && lines.length > 0) lines[lines.length - 1] += `  ${entry.comment.text}`;
        else lines.push(`${inner}${entry.comment.text}`);
      }
    }
    text = `model_config = ${reference.expression}(\n${lines.join('\n')}\n${indent})`;
  }
  return {
    title: `Convert \`class Config\` to \`model_config = ${reference.expression}(...)\``,
    safe: true,
    edits: [{ range: file.range(config), newText: text }, ...reference.edits],
  };
}

export default definePythonRule({
  meta: {
    id: 'pydantic-v1-config',
    kind: 'python',
    defaultSeverity: 'information',
    ruff: [],
    fixable: true,
    summary: '`class Config:` nested in a Pydantic model or settings class, including `GenericModel`, `SQLModel` and project bases (Pydantic 1 style)',
    sections: ['§2.4'],
  },
  check(file, report, { config: settings, workspace }) {
    for (const config of file.nodes('class_definition')) {
      const name = config.childForFieldName('name');
      if (name?.text !== 'Config' || config.parent?.type !== 'block') continue;
      const model = config.parent.parent;
      if (model?.type !== 'class_definition') continue;
      const found = modelKind(file, model, { root: settings.root, workspace });
      if (!found) continue;
      const keys = configKeys(config);
      if (found === 'unknown' && !keys.some((key) => V1_KEYS.has(key))) continue;
      const kind = found === 'unknown' ? (keys.some((key) => SETTINGS_KEYS.has(key)) ? 'settings' : 'model') : found;
      const dict = kind === 'settings' ? 'SettingsConfigDict' : 'ConfigDict';
      report({
        range: file.lines.range(config.startIndex, name.endIndex),
        message: `\`class Config\` is Pydantic 1 style, deprecated in Pydantic 2; use \`model_config = ${dict}(...)\` (§2.4)`,
        // With a base from elsewhere the class is a model only by its keys: no rewrite on a guess.
        fix: found === 'unknown' ? undefined : configFix(file, config, model, kind),
      });
    }
  },
});
