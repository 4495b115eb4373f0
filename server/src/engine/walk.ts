import { readdirSync, statSync } from 'node:fs';
import { normalize, sep } from 'node:path';
import { fileKind } from './lint';

/** Folders never walked into, as in interfaces.md. */
export const DEFAULT_EXCLUDED_DIRS = new Set(['.git', '.venv', 'venv', 'node_modules', '__pycache__', 'site-packages', 'build', 'dist']);

/**
 * A file found by the walk. `path` is for display, kinds and configuration;
 * `raw` holds the path's bytes when a name in it is not valid UTF-8, since
 * the decoded string (with U+FFFD in it) names no file on disk.
 */
export interface WalkedFile {
  path: string;
  raw?: Buffer;
}

/**
 * Lists the Python and dependency files under `root` (or `root` itself when
 * it is a file), sorted, skipping the default excluded folders and symlinked
 * folders (which could loop). A file whose name is not UTF-8 has no path a
 * string can name, so it is left out (walkFiles has it).
 */
export function collectFiles(root: string, isExcluded: (path: string) => boolean): string[] {
  return walkFiles(root, isExcluded).flatMap((file) => (file.raw ? [] : [file.path]));
}

/** As collectFiles, reading names as bytes so that files with non-UTF-8 names are linted too. */
export function walkFiles(root: string, isExcluded: (path: string) => boolean): WalkedFile[] {
  const stat = statSync(root);
  if (stat.isFile()) return isExcluded(root) ? [] : [{ path: root }];
  const found: WalkedFile[] = [];
  const visit = (dir: WalkedFile) => {
    let entries;
    try {
      entries = readdirSync(dir.raw ?? dir.path, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      return;
    }
    const named = entries.map((entry) => ({ entry, name: entry.name.toString('utf8') }));
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Buffer.compare(a.entry.name, b.entry.name)));
    // The folder's path is normalized already: joining by hand saves normalizing it again per entry.
    const prefix = dir.path.endsWith(sep) ? dir.path : dir.path + sep;
    for (const { entry, name } of named) {
      const path = prefix + name;
      // Bytes that are not UTF-8 decode to U+FFFD: only a name holding one can differ from its bytes.
      const exact = dir.raw === undefined && (!name.includes('\uFFFD') || Buffer.from(name, 'utf8').equals(entry.name));
      const file: WalkedFile = exact ? { path } : { path, raw: Buffer.concat([dir.raw ? Buffer.concat([dir.raw, Buffer.from(sep)]) : Buffer.from(prefix, 'utf8'), entry.name]) };
      if (entry.isDirectory()) {
        if (!DEFAULT_EXCLUDED_DIRS.has(name) && !isExcluded(path)) visit(file);
      } else if (entry.isFile() && fileKind(path) && !isExcluded(path)) {
        found.push(file);
      }
    }
  };
  visit({ path: normalize(root) });
  return found;
}
