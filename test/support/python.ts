import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Compiles Python source with the machine's python3; throws with the compiler's message. */
export function assertCompiles(source: string, name = 'fixed.py'): void {
  const dir = mkdtempSync(join(tmpdir(), 'stacklint-compile-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, source);
    execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`python3 could not compile the fixed file:\n${stderr}\n---\n${source}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
