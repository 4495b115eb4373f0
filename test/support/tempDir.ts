import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempDir {
  readonly path: string;
  /** Writes a file (creating its folders) below the folder; returns its full path. */
  write(relativePath: string, content: string | Buffer): string;
}

/**
 * Mocha hooks that give each test a fresh temporary folder, removed after it;
 * with `scope` 'suite', one folder for all the tests of the suite, removed after them.
 */
export function useTempDir(prefix: string, scope: 'test' | 'suite' = 'test'): TempDir {
  let path = '';
  const [setUp, tearDown] = scope === 'test' ? [beforeEach, afterEach] : [before, after];
  setUp(() => {
    path = mkdtempSync(join(tmpdir(), `stacklint-${prefix}-`));
  });
  tearDown(() => rmSync(path, { recursive: true, force: true }));
  return {
    get path() {
      return path;
    },
    write(relativePath, content) {
      const full = join(path, relativePath);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
  };
}
