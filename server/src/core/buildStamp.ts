import { statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files shipped beside the code that a lint's results depend on: the
 * default policy and the standard it cites (its headings are in messages).
 * A test keeps this list equal to what the default policy names.
 */
export const SHIPPED_DATA = ['policy/default.toml', 'docs/TECH_STACK.md'];

/**
 * What tells one build of stacklint from another, beyond its version: the
 * size, timestamps and inode of the given bundles and of the shipped data,
 * all relative to the package root. Results or a report made by another
 * build, or with edited policy data, are never reused.
 */
export function buildStamp(packageRoot: string, bundles: readonly string[]): string {
  return [...bundles, ...SHIPPED_DATA]
    .map((file) => {
      try {
        const stats = statSync(join(packageRoot, file));
        return `${stats.size}-${stats.mtimeMs}-${stats.ctimeMs}-${stats.ino}`;
      } catch {
        return 'missing';
      }
    })
    .join('/');
}
