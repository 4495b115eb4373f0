import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileKind } from './lint';

/** Folders never walked into, as in interfaces.md. */
export const DEFAULT_EXCLUDED_DIRS = new Set(['.git', '.venv', 'venv', 'node_modules', '__pycache__', 'site-packages', 'build', 'dist']);

/**
 * Lists the Python and dependency files under `root` (or `root` itself when
 * it is a file), sorted, skipping the default excluded folders and symlinked
 * folders (which could loop).
 */
export function collectFiles(root: string, isExcluded: (path: string) => boolean): string[] {
  const stat = statSync(root);
  if (stat.isFile()) return isExcluded(root) ? [] : [root];
  const found: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!DEFAULT_EXCLUDED_DIRS.has(entry.name) && !isExcluded(path)) visit(path);
      } else if (entry.isFile() && fileKind(path) && !isExcluded(path)) {
        found.push(path);
      }
    }
  };
  visit(root);
  return found;
}
