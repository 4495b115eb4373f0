// "Approve this deviation" (§1: deviate only with explicit architectural
// approval): records the package under [tool.stacklint.approved-deviations]
// in the project's pyproject.toml, with a reason placeholder to fill in.
import { join, resolve } from 'node:path';
import type { StacklintConfig } from '../../core/config';
import type { DependencyFile } from '../model';
import { parseTomlDocument, pathKey } from '../../core/toml';
import type { Edit, Fix } from '../../core/types';
import type { Workspace } from '../../core/workspace';

export const APPROVAL_PLACEHOLDER = 'TODO: ADR reference and reason';
const TABLE = ['tool', 'stacklint', 'approved-deviations'];

/** The edit that adds `name` to the approved deviations in `text`; undefined when the table cannot take it safely. */
export function approvalEdit(text: string, name: string): Omit<Edit, 'file'> | undefined {
  const entry = `${name} = "${APPROVAL_PLACEHOLDER}"`;
  const toml = parseTomlDocument(text);
  const document = toml.value;
  if (!document) return undefined;
  const lines = toml.lines;
  const header = toml.layout.headers.get(pathKey(TABLE));
  if (header) return { range: lines.range(header.end, header.end), newText: `\n${entry}` };
  const tool = document.tool as Record<string, unknown> | undefined;
  const stacklint = tool?.stacklint as Record<string, unknown> | undefined;
  // The table exists in another form (inline or dotted keys): a new header would redefine it.
  if (stacklint && 'approved-deviations' in stacklint) return undefined;
  const end = lines.positionAt(text.length);
  const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { range: { start: end, end }, newText: `${separator}[${TABLE.join('.')}]\n${entry}\n` };
}

/** The "Approve this deviation" fix for a package, editing or creating the nearest pyproject.toml. */
export function approveDeviationFix(file: DependencyFile, name: string, config: StacklintConfig, workspace: Workspace): Fix | undefined {
  const target = config.configFile ?? join(config.root, 'pyproject.toml');
  const title = `Approve ${name} as a deviation in pyproject.toml`;
  if (resolve(target) === resolve(file.path)) {
    const edit = approvalEdit(file.text, name);
    return edit && { title, safe: false, edits: [edit] };
  }
  const source = workspace.read(target);
  if (!source) {
    // Something unreadable stands there (a special file, a link out of the workspace): leave it alone.
    if (!workspace.isAbsent(target)) return undefined;
    const content = `[${TABLE.join('.')}]\n${name} = "${APPROVAL_PLACEHOLDER}"\n`;
    const origin = { line: 0, character: 0 };
    return { title, safe: false, edits: [{ file: target, createFile: true, range: { start: origin, end: origin }, newText: content }] };
  }
  const edit = approvalEdit(source.text, name);
  return edit && { title, safe: false, edits: [{ ...edit, file: target, fileVersion: source.version }] };
}
