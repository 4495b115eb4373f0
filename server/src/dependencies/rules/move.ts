// Moving a development tool out of a production requirements file into its
// sibling development file (§4.4 split files), as one fix across both files.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DependencyFile, Requirement } from '../model';
import { parseDependencyFile } from '../files';
import { LineIndex } from '../../core/text';
import type { Fix } from '../../core/types';
import { deleteRequirement, linesText } from './edits';

/** `requirements/dev.txt` beside `requirements/base.txt`; otherwise `requirements-dev.txt` in the same folder. */
export function developmentFileFor(path: string): string {
  const dir = dirname(path);
  return basename(dir) === 'requirements' ? join(dir, 'dev.txt') : join(dir, 'requirements-dev.txt');
}

function readText(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deletes the requirement here and appends its lines to the development file,
 * which is created (including this file with `-r`) when missing. When the
 * development file already lists the package, the fix only deletes.
 */
export function moveToDevelopmentFix(file: DependencyFile, requirement: Requirement): Fix | undefined {
  if (file.kind !== 'requirements' || !requirement.normalized) return undefined;
  const removal = deleteRequirement(file, requirement);
  if (!removal) return undefined;
  const target = developmentFileFor(file.path);
  const moved = linesText(file, requirement.firstLine, requirement.lastLine);
  const title = `Move ${requirement.name} to ${basename(target)}`;
  const existing = readText(target);
  if (existing === undefined) {
    const content = `-r ${basename(file.path)}\n${moved}`;
    const origin = { line: 0, character: 0 };
    return { title, safe: false, edits: [removal, { file: target, createFile: true, range: { start: origin, end: origin }, newText: content }] };
  }
  const listed = parseDependencyFile(target, existing, 'requirements').requirements.some((other) => other.normalized === requirement.normalized);
  if (listed) return { title: `Remove ${requirement.name} (already in ${basename(target)})`, safe: false, edits: [removal] };
  const end = new LineIndex(existing).positionAt(existing.length);
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return { title, safe: false, edits: [removal, { file: target, range: { start: end, end }, newText: separator + moved }] };
}
