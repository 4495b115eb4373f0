import { dirname, join, resolve, sep } from 'node:path';
import type { Workspace } from '../core/workspace';
import type { PythonFile } from './file';
import type { Node } from './parse';

/** A class defined at the top of another module of the project. */
export interface ProjectClass {
  file: PythonFile;
  node: Node;
}

/**
 * The class an imported name refers to when it comes from a module of the
 * project (`from app.models.base import AppModel`, `from .base import Model`):
 * the module's file is looked for below the project root (also under
 * `src/`) or, for a relative import, beside the importing file, and read
 * through the workspace. Undefined when no such file or class exists.
 */
export function importedProjectClass(file: PythonFile, qualified: string, root: string, workspace: Workspace): ProjectClass | undefined {
  const dots = /^\.*/.exec(qualified)![0].length;
  const parts = qualified.slice(dots).split('.');
  const name = parts.pop();
  if (!name || (parts.length === 0 && dots === 0)) return undefined;
  const bases = dots > 0 ? [resolve(dirname(file.path), ...Array(dots - 1).fill('..'))] : [root, join(root, 'src')];
  for (const base of bases) {
    for (const candidate of [join(base, ...parts) + '.py', join(base, ...parts, '__init__.py')]) {
      if (!isInside(candidate, root)) continue;
      const parsed = workspace.parse<PythonFile>(candidate);
      const node = parsed?.file.nodes('class_definition').find((cls) => cls.childForFieldName('name')?.text === name && parsed.file.isTopLevel(cls));
      if (parsed && node) return { file: parsed.file, node };
    }
  }
  return undefined;
}

function isInside(path: string, root: string): boolean {
  const absolute = resolve(path);
  const top = resolve(root);
  return absolute === top || absolute.startsWith(top.endsWith(sep) ? top : top + sep);
}
