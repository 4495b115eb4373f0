import { join } from 'node:path';
import type { Workspace } from '../core/workspace';

/** Per workspace (one lint), each top-level name asked about once. */
const answers = new WeakMap<Workspace, Map<string, boolean>>();

/**
 * True when an absolute import's top-level package is the project's own: a
 * package folder (`<top>/__init__.py`) or module (`<top>.py`) at the project
 * root or under `src/`, where Python finds it before any installed
 * distribution of that name. Linting Django itself, `from django.db import
 * models` is the project importing its own code, not a dependency on Django.
 * Read through the workspace, so a cache keys on those files.
 */
export function isFirstPartyModule(module: string, root: string, workspace: Workspace): boolean {
  const top = module.split('.')[0];
  if (!top) return false;
  let known = answers.get(workspace);
  if (!known) answers.set(workspace, (known = new Map()));
  let answer = known.get(top);
  if (answer === undefined) {
    answer = [root, join(root, 'src')].some((base) => [join(base, top, '__init__.py'), join(base, `${top}.py`)].some((path) => workspace.read(path) !== undefined));
    known.set(top, answer);
  }
  return answer;
}
