import { relative, sep } from 'node:path';
import type { Edit } from '../core/types';
import { callArguments } from './calls';
import type { PythonFile } from './file';
import type { Node } from './parse';

// What the §2.8 rules (uvicorn-run-reload, flask-debug) share: where a
// development server call sits, and how to take an argument out of a call.

/** True when `node` runs only as a script: inside the body of `if __name__ == "__main__":`. */
export function underMainGuard(node: Node): boolean {
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' && parent.childForFieldName('consequence')?.id === child.id && isMainTest(parent.childForFieldName('condition'))) return true;
  }
  return false;
}

function isMainTest(condition: Node | null): boolean {
  if (condition?.type !== 'comparison_operator' || condition.namedChildren.length !== 2) return false;
  if (!condition.children.some((child) => child?.type === '==')) return false;
  const sides = condition.namedChildren.map((side) => side?.text.replace(/^'(.*)'$/, '"$1"'));
  return sides.includes('__name__') && sides.includes('"__main__"');
}

const APP_FACTORIES = new Set(['fastapi.FastAPI', 'flask.Flask', 'starlette.applications.Starlette', 'quart.Quart']);

/**
 * True for a module of the deployed application: under a package folder
 * named `app` (the standard's layout, §8), or one that creates the ASGI/WSGI
 * application at module level (`app = FastAPI()`), which the production
 * server imports.
 */
export function isAppModule(file: PythonFile, root: string): boolean {
  const parts = relative(root, file.path).split(sep);
  if (parts.slice(0, -1).includes('app')) return true;
  return file.nodes('call').some((call) => {
    const fn = call.childForFieldName('function');
    return fn !== null && file.scopeOf(call) === file.module && APP_FACTORIES.has(file.qualifiedName(fn) ?? '');
  });
}

/** The `name=True` keyword argument of a call, when its value is the literal `True`. */
export function trueKeyword(call: Node, name: string): Node | undefined {
  const value = callArguments(call).keywords.get(name);
  return value?.type === 'true' ? value.parent ?? undefined : undefined;
}

function isLiteral(node: Node): boolean {
  if (['string', 'integer', 'float', 'true', 'false', 'none', 'concatenated_string'].includes(node.type)) {
    return !node.namedChildren.some((child) => child?.type === 'interpolation');
  }
  if (node.type === 'list' || node.type === 'tuple') return node.namedChildren.every((child) => !child || isLiteral(child));
  return false;
}

/**
 * Removes keyword arguments from a call with their commas. Undefined when one
 * of them holds more than literals (removing it could leave a name or import
 * unused) or a comment sits next to it.
 */
export function removeKeywords(file: PythonFile, call: Node, names: readonly string[]): Edit[] | undefined {
  const list = call.childForFieldName('arguments');
  if (!list) return undefined;
  const args = list.namedChildren.filter((arg): arg is Node => arg !== null && arg.type !== 'comment');
  const remove = args.map((arg) => arg.type === 'keyword_argument' && names.includes(arg.childForFieldName('name')?.text ?? ''));
  if (args.some((arg, i) => remove[i] && !isLiteral(arg.childForFieldName('value') as Node))) return undefined;
  const edits: Edit[] = [];
  for (let i = 0; i < args.length; i++) {
    if (!remove[i]) continue;
    let j = i;
    while (j + 1 < args.length && remove[j + 1]) j++;
    // After an argument that stays: from its end. First ones: up to the next that stays, or the `)`.
    const start = i > 0 ? args[i - 1].endIndex : args[i].startIndex;
    const end = i > 0 ? args[j].endIndex : j + 1 < args.length ? args[j + 1].startIndex : (list.lastChild?.startIndex ?? args[j].endIndex);
    const cut = file.text.slice(start, end);
    if (cut.includes('#')) return undefined;
    edits.push({ range: file.lines.range(start, end), newText: '' });
    i = j;
  }
  return edits;
}

/** A development-server switch turned on where it must not be: the call, the `flag=True` keyword, and where it stands. */
export interface DevServerRun {
  call: Node;
  flag: Node;
  where: string;
}

/**
 * The `run(...)` calls that `isTarget` accepts with `flag=True`, outside
 * `if __name__ == "__main__":` or anywhere in an application module; test
 * files never count.
 */
export function devServerRuns(file: PythonFile, root: string, flag: string, isTarget: (fn: Node) => boolean): DevServerRun[] {
  if (file.isTest) return [];
  const runs: DevServerRun[] = [];
  let appModule: boolean | undefined;
  for (const call of file.calls('run')) {
    const fn = call.childForFieldName('function');
    if (!fn || !isTarget(fn)) continue;
    const keyword = trueKeyword(call, flag);
    if (!keyword) continue;
    const guarded = underMainGuard(call);
    appModule ??= isAppModule(file, root);
    if (guarded && !appModule) continue;
    runs.push({ call, flag: keyword, where: guarded ? 'in an application module' : 'outside `if __name__ == "__main__":`' });
  }
  return runs;
}
