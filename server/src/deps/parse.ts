import { LineIndex } from '../engine/text';
import type { DependencyFile } from './model';

/** Parses a requirements file or pyproject.toml. Placeholder until the dependency parser lands. */
export function parseDependencyFile(path: string, text: string, kind: 'requirements' | 'pyproject'): DependencyFile {
  return { path, text, kind, lines: new LineIndex(text) };
}
