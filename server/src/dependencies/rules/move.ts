// Moving a development tool out of a production requirements file into its
// sibling development file (§4.4 split files), as one fix across both files.
import { basename, dirname, join } from 'node:path';
import type { DependencyFile, Requirement } from '../model';
import type { Workspace } from '../../core/workspace';
import type { Fix } from '../../core/types';
import { deleteRequirement, linesText } from './edits';
import { lineBreakOf } from '../../core/text';

/** `requirements/dev.txt` beside `requirements/base.txt`; otherwise `requirements-dev.txt` in the same folder. */
export function developmentFileFor(path: string): string {
  const dir = dirname(path);
  return basename(dir) === 'requirements' ? join(dir, 'dev.txt') : join(dir, 'requirements-dev.txt');
}

/**
 * Deletes the requirement here and appends its lines to the development file,
 * which is created (including this file with `-r`) when missing. When the
 * development file already lists the package, the fix only deletes.
 */
export function moveToDevelopmentFix(file: DependencyFile, requirement: Requirement, workspace: Workspace): Fix | undefined {
  if (file.kind !== 'requirements' || !requirement.normalized) return undefined;
  const removal = deleteRequirement(file, requirement);
  if (!removal) return undefined;
  const target = developmentFileFor(file.path);
  const moved = linesText(file, requirement.firstLine, requirement.lastLine);
  const title = `Move ${requirement.name} to ${basename(target)}`;
  const existing = workspace.parse<DependencyFile>(target);
  if (!existing) {
    // Something unreadable stands there (a special file, a link out of the workspace): leave it alone.
    if (!workspace.isAbsent(target)) return undefined;
    const content = `-r ${basename(file.path)}\n${moved}`.replace(/\n/g, lineBreakOf(file.text));
    const origin = { line: 0, character: 0 };
    return { title, safe: false, edits: [removal, { file: target, createFile: true, range: { start: origin, end: origin }, newText: content }] };
  }
  const listed = existing.file.requirements.some((other) => other.normalized === requirement.normalized);
  if (listed) return { title: `Remove ${requirement.name} (already in ${basename(target)})`, safe: false, edits: [removal] };
  const { text } = existing.source;
  const end = existing.file.lines.positionAt(text.length);
  const separator = text === '' || text.endsWith('\n') || text.endsWith('\r') ? '' : '\n';
  const newText = (separator + moved).replace(/\n/g, lineBreakOf(text));
  return { title, safe: false, edits: [removal, { file: target, fileVersion: existing.source.version, range: { start: end, end }, newText }] };
}
