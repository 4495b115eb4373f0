import type { LineIndex } from '../engine/text';

/**
 * A parsed dependency file (requirements*.txt or pyproject.toml).
 * Placeholder shape; the dependency parser fills it in.
 */
export interface DependencyFile {
  path: string;
  text: string;
  lines: LineIndex;
  kind: 'requirements' | 'pyproject';
}
