// "Approve this deviation" (§1: deviate only with explicit architectural
// approval): records the package under [tool.stacklint.approved-deviations]
// in the project's pyproject.toml, with a reason placeholder to fill in.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'smol-toml';
import type { StacklintConfig } from '../../core/config';
import type { DependencyFile } from '../model';
import { layoutToml, pathKey } from '../../core/toml';
import { LineIndex } from '../../core/text';
import type { Edit, Fix } from '../../core/types';

export const APPROVAL_PLACEHOLDER = 'TODO: ADR reference and reason';
const TABLE = ['tool', 'stacklint', 'approved-deviations'];

function readText(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The edit that adds `name` to the approved deviations in `text`; undefined when the table cannot take it safely. */
export function approvalEdit(text: string, name: string): Omit<Edit, 'file'> | undefined {
  const entry = `${name} = "${APPROVAL_PLACEHOLDER}"`;
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const lines = new LineIndex(text);
  const header = layoutToml(text).headers.get(pathKey(TABLE));
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
export function approveDeviationFix(file: DependencyFile, name: string, config: StacklintConfig): Fix | undefined {
  const target = config.configFile ?? join(config.root, 'pyproject.toml');
  const title = `Approve ${name} as a deviation in pyproject.toml`;
  if (resolve(target) === resolve(file.path)) {
    const edit = approvalEdit(file.text, name);
    return edit && { title, safe: false, edits: [edit] };
  }
  const text = readText(target);
  if (text === undefined) {
    const content = `[${TABLE.join('.')}]\n${name} = "${APPROVAL_PLACEHOLDER}"\n`;
    const origin = { line: 0, character: 0 };
    return { title, safe: false, edits: [{ file: target, createFile: true, range: { start: origin, end: origin }, newText: content }] };
  }
  const edit = approvalEdit(text, name);
  return edit && { title, safe: false, edits: [{ ...edit, file: target }] };
}
