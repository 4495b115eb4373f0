/**
 * ## What it does
 * Flags an import of a package that the stack policy marks `banned` (flask,
 * django, pymongo, marshmallow, urllib3, ...) or `discouraged` (aiohttp,
 * tornado, peewee, loguru, ...), and of `urllib.request` (§2.5), with the
 * stack's replacement. Import names are mapped to the distributions that
 * provide them (`yaml` → pyyaml, `jose` → python-jose, `MySQLdb` →
 * mysqlclient, `Crypto` → pycryptodome, `bs4` → beautifulsoup4, ...), and
 * judged by the same policy as requirements files, so `import flask` and
 * `flask==3.0` get the same verdict. Not flagged: `urllib.parse` and the rest
 * of the standard library, packages in `extend-allow` or
 * `approved-deviations`, imports guarded by an `except ImportError` handler
 * that falls back instead of raising (optional speed-ups), imports of the
 * project's own packages (a `django/__init__.py` at the project root or
 * under `src/` makes `import django` first-party), and `pytz` / `sqlite3`,
 * which have their own rules.
 *
 * ## Why is this bad?
 * The standard (§1) allows a deviation from the stack only with explicit
 * architectural approval: each extra framework, ORM or HTTP client is one
 * more thing every team member must learn, patch and secure. The
 * dependency-file rules catch the requirement; this rule catches the code
 * that depends on it, including packages that arrive only transitively.
 *
 * ## Example
 * ```python
 * from flask import Flask
 * from urllib.request import urlopen
 * ```
 *
 * ## Use instead
 * ```python
 * from fastapi import FastAPI
 * import httpx
 * ```
 */
import type { Node } from '../parse';
import { classifyImport } from '../../policy/imports';
import type { StacklintConfig } from '../../core/config';
import { detached } from '../../core/text';
import type { PackageStatus } from '../../policy/policy';
import type { PythonFile } from '../file';
import { definePythonRule } from '../rule';
import { isFirstPartyModule } from '../first-party';

/** The message shared in spirit with off-stack-dependency: status, replacement, section. */
export function offStackMessage(module: string, status: PackageStatus): string {
  const instead = status.replacement ? `; use ${status.replacement}` : '';
  const verdict = status.status === 'banned' ? 'is banned by the standard' : 'is off-stack (discouraged)';
  const shown = status.name === module ? `\`${module}\`` : `\`${module}\` (${status.name})`;
  return `${shown} ${verdict}${instead} (${status.section})`;
}

function isOffStack(status: PackageStatus | undefined): status is PackageStatus {
  return status !== undefined && (status.status === 'banned' || status.status === 'discouraged') && status.approvedReason === undefined;
}

/**
 * True inside `try:` with an ImportError handler that falls back: the package
 * is optional there. A handler that raises (`raise ImproperlyConfigured(...)`)
 * makes the package required after all.
 */
function isOptionalImport(statement: Node): boolean {
  for (let child: Node = statement, parent = statement.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.id === child.id) {
      const handlers = parent.namedChildren.filter((n) => n?.type === 'except_clause');
      if (handlers.some((h) => /\b(ImportError|ModuleNotFoundError)\b/.test(h!.text.split(':')[0]) && !raises(h!))) return true;
    }
    if (parent.type === 'function_definition' || parent.type === 'class_definition') return false;
  }
  return false;
}

/** True when a handler's own statements include a `raise`. */
function raises(handler: Node): boolean {
  const block = handler.namedChildren.find((child) => child?.type === 'block');
  return !!block?.namedChildren.some((statement) => statement?.type === 'raise_statement');
}

/** Each imported module with the node to report: `import a.b as c` → a.b; `from a import b` → a, or a.b at `b`. */
function importedModules(statement: Node): { module: string; node: Node; submodules: { module: string; node: Node }[] }[] {
  if (statement.type === 'import_statement') {
    return statement.namedChildren
      .map((child) => (child?.type === 'aliased_import' ? child.childForFieldName('name') : child))
      .filter((name): name is Node => name?.type === 'dotted_name')
      .map((name) => ({ module: name.text, node: name, submodules: [] }));
  }
  const moduleNode = statement.childForFieldName('module_name');
  if (!moduleNode || moduleNode.type !== 'dotted_name') return [];
  const submodules = statement.childrenForFieldName('name')
    .map((child) => (child?.type === 'aliased_import' ? child.childForFieldName('name') : child))
    .filter((name): name is Node => name?.type === 'dotted_name')
    .map((name) => ({ module: `${moduleNode.text}.${name.text}`, node: name }));
  return [{ module: moduleNode.text, node: moduleNode, submodules }];
}

/** Classifications by configuration: a run asks about the same few hundred modules in every file. */
const classifications = new WeakMap<StacklintConfig, Map<string, ReturnType<typeof classifyImport>>>();

function classified(module: string, config: StacklintConfig): ReturnType<typeof classifyImport> {
  let known = classifications.get(config);
  if (!known) classifications.set(config, (known = new Map()));
  // The key outlives the file: a copy, not a view of the file's text.
  if (!known.has(module)) known.set(detached(module), classifyImport(module, config));
  return known.get(module);
}

function statements(file: PythonFile): Node[] {
  return [...file.nodes('import_statement'), ...file.nodes('import_from_statement')];
}

export default definePythonRule({
  meta: {
    id: 'off-stack-import',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['TID251'],
    fixable: false,
    summary: 'an import of a package the policy marks banned or discouraged (flask, django, pymongo, `urllib.request`, aiohttp, ...)',
    sections: ['§1', '§2', '§9'],
  },
  check(file, report, { config, workspace }) {
    for (const statement of statements(file)) {
      if (isOptionalImport(statement)) continue;
      for (const { module, node, submodules } of importedModules(statement)) {
        const status = classified(module, config);
        if ((isOffStack(status) || submodules.some((sub) => isOffStack(classified(sub.module, config)))) && isFirstPartyModule(module, config.root, workspace)) continue;
        if (isOffStack(status)) {
          report({ range: file.range(node), message: offStackMessage(module, status) });
          continue;
        }
        // `from urllib import request`: the package is fine, the submodule is not.
        for (const sub of submodules) {
          const subStatus = classified(sub.module, config);
          if (isOffStack(subStatus)) report({ range: file.range(sub.node), message: offStackMessage(sub.module, subStatus) });
        }
      }
    }
  },
});
