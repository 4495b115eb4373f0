import type { DependencyFile, Requirement } from './model';

/** pip's comment, `(?:^|\s)#(.*)$`: what follows the first `#` at the start of the line or after whitespace (by hand: the pattern is quadratic). */
function commentOf(line: string): string | undefined {
  for (let at = line.indexOf('#'); at >= 0; at = line.indexOf('#', at + 1)) {
    if (at === 0 || /\s/.test(line[at - 1])) return line.slice(at + 1);
  }
  return undefined;
}

/**
 * What a pip-compile annotation says pulls a pinned requirement in, as
 * written: `pytz==2023.3  # via celery, kombu` (older pip-tools) or the
 * block form on the comment lines below the pin (`# via` then `#   celery`).
 * `-r requirements.in` and `-c ...` entries mean the file's author asked for
 * the package. Empty when there is no annotation.
 */
export function viaAnnotation(file: DependencyFile, requirement: Requirement): string[] {
  if (file.kind !== 'requirements') return [];
  const comments: string[] = [];
  const inline = commentOf(file.lines.lineText(requirement.lastLine));
  if (inline !== undefined) comments.push(inline);
  for (let line = requirement.lastLine + 1; line < file.lines.lineCount; line++) {
    const text = file.lines.lineText(line).trim();
    if (!text.startsWith('#')) break;
    comments.push(text.slice(1));
  }
  const via: string[] = [];
  let inVia = false;
  for (const comment of comments) {
    const text = comment.trim();
    const start = /^via\b(.*)$/.exec(text);
    if (start) {
      inVia = true;
      via.push(...entries(start[1]));
    } else if (inVia && text !== '' && !/^\w[\w-]*:/.test(text)) {
      // A continuation: one package (or `-r file`) per line, indented under `# via`.
      via.push(...entries(text));
    } else {
      inVia = false;
    }
  }
  return via;
}

function entries(text: string): string[] {
  return text.split(',').map((entry) => entry.trim()).filter(Boolean);
}

/**
 * The last line of the pip-compile annotation block under a requirement
 * (indented `# via` comment lines), or the requirement's own last line, so
 * that deleting the pin deletes its annotation too.
 */
export function annotationEnd(file: DependencyFile, requirement: Requirement): number {
  let end = requirement.lastLine;
  if (file.kind !== 'requirements') return end;
  for (let line = requirement.lastLine + 1; line < file.lines.lineCount; line++) {
    const text = file.lines.lineText(line);
    if (!/^\s+#/.test(text)) break;
    if (line === requirement.lastLine + 1 && !/^\s+#\s*via\b/.test(text)) break;
    end = line;
  }
  return end;
}
