// Moving a development tool out of pyproject.toml's production dependencies
// into its development group, in the same file: `[dependency-groups] dev`
// (PEP 735) for `[project] dependencies`, Poetry's dev group for Poetry's.
import type { DependencyFile, Requirement } from '../model';
import { arrayElements, layoutToml, pathKey, type TomlLayout } from '../../core/toml';
import type { Edit, Fix } from '../../core/types';
import { deleteRequirement, linesText } from './edits';

const DEV_GROUP = ['dependency-groups', 'dev'];
const POETRY_DEV_GROUP = ['tool', 'poetry', 'group', 'dev', 'dependencies'];
const POETRY_LEGACY_DEV = ['tool', 'poetry', 'dev-dependencies'];

/** Where the fix moves a production requirement of a pyproject.toml, for messages. */
export function developmentGroupFor(requirement: Requirement): string {
  return requirement.poetry ? '[tool.poetry.group.dev.dependencies]' : '[dependency-groups] dev';
}

/** The fix, or undefined when the requirement cannot be taken out cleanly (e.g. inside a triple-quoted string). */
export function moveToGroupFix(file: DependencyFile, requirement: Requirement): Fix | undefined {
  if (file.kind !== 'pyproject' || !requirement.name) return undefined;
  const removal = deleteRequirement(file, requirement);
  if (!removal) return undefined;
  const layout = layoutToml(file.text);
  const insertion = requirement.poetry ? poetryInsertion(file, layout, requirement) : groupInsertion(file, layout, requirement);
  if (!insertion) return undefined;
  return { title: `Move ${requirement.name} to ${developmentGroupFor(requirement)}`, safe: false, edits: [removal, insertion] };
}

/** Appends the requirement string to `[dependency-groups] dev`, creating the key or the table when missing. */
function groupInsertion(file: DependencyFile, layout: TomlLayout, requirement: Requirement): Edit | undefined {
  const start = file.lines.offsetAt(requirement.range.start);
  const quote = file.text[start - 1] === "'" ? "'" : '"';
  const item = `${quote}${file.text.slice(start, file.lines.offsetAt(requirement.range.end))}${quote}`;
  const entry = layout.entries.get(pathKey(DEV_GROUP));
  if (entry) {
    const open = layout.tokens[entry.valueIndex];
    if (open?.text !== '[') return undefined;
    const elements = arrayElements(layout.tokens, entry.valueIndex);
    if (elements.length === 0) return insertAt(file, open.end, item);
    const last = elements[elements.length - 1];
    if (last.kind !== 'string') return undefined;
    const next = layout.tokens[layout.tokens.indexOf(last) + 1];
    const lastLine = file.lines.positionAt(last.start).line;
    if (lastLine === file.lines.positionAt(open.start).line) {
      // After a trailing comma the new item brings its own.
      return next?.text === ',' ? insertAt(file, next.end, ` ${item},`) : insertAt(file, last.end, `, ${item}`);
    }
    // One item per line: a new line indented like the last item.
    const indent = /^\s*/.exec(file.lines.lineText(lastLine))?.[0] ?? '';
    return next?.text === ',' ? insertAt(file, next.end, `\n${indent}${item},`) : insertAt(file, last.end, `,\n${indent}${item}`);
  }
  const header = layout.headers.get(pathKey(['dependency-groups']));
  if (header) return insertAt(file, lineEnd(file, header.end), `\ndev = [${item}]`);
  return appendTable(file, `[dependency-groups]\ndev = [${item}]\n`);
}

/** Copies the Poetry line(s) into the dev group table, after its header, creating the table when missing. */
function poetryInsertion(file: DependencyFile, layout: TomlLayout, requirement: Requirement): Edit {
  const text = linesText(file, requirement.firstLine, requirement.lastLine);
  // The entry's own indentation goes; lines inside its value keep theirs relative to it.
  const indent = /^[ \t]*/.exec(text)![0];
  const lines = text.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.replace(/^[ \t]+/, ''))).join('\n');
  const header = layout.headers.get(pathKey(POETRY_DEV_GROUP)) ?? layout.headers.get(pathKey(POETRY_LEGACY_DEV));
  if (header) return insertAt(file, lineEnd(file, header.end), `\n${lines.replace(/\n$/, '')}`);
  return appendTable(file, `[tool.poetry.group.dev.dependencies]\n${lines}`);
}

function lineEnd(file: DependencyFile, offset: number): number {
  const line = file.lines.positionAt(offset).line;
  return file.lines.offsetAt({ line, character: file.lines.lineText(line).length });
}

function insertAt(file: DependencyFile, offset: number, newText: string): Edit {
  const at = file.lines.positionAt(offset);
  return { range: { start: at, end: at }, newText };
}

/** A new table at the end of the file, after one blank line. */
function appendTable(file: DependencyFile, table: string): Edit {
  const separator = file.text === '' ? '' : file.text.endsWith('\n\n') ? '' : file.text.endsWith('\n') ? '\n' : '\n\n';
  return insertAt(file, file.text.length, `${separator}${table}`);
}
