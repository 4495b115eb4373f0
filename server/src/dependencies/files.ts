import { basename, dirname } from 'node:path';
import type { DependencyFile } from './model';

/**
 * A production requirements file (§4.4 split files): `requirements.txt`,
 * `requirements.in` (its pip-tools input), `requirements/base.txt` and
 * `requirements/prod*.txt`. Everything else (dev, test, docs, constraints) is not.
 */
export function isProductionRequirements(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (name === 'requirements.txt' || name === 'requirements.in') return true;
  if (/^requirements[-_.]prod[\w.-]*\.(txt|in)$/.test(name)) return true;
  if (basename(dirname(path)).toLowerCase() === 'requirements') return /^(base|prod[\w.-]*)\.(txt|in)$/.test(name);
  return false;
}

/** True when every requirement is expected to be pinned: a production file that is not a pip-tools input. */
export function expectsPins(file: DependencyFile): boolean {
  return file.kind === 'requirements' && file.production && !file.path.toLowerCase().endsWith('.in');
}
