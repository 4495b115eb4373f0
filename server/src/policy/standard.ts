// The standard document's sections: which heading each § of a message or
// policy row names, so every citation can link to it. Markdown is read
// line by line for ATX headings outside fenced code blocks.

export interface Heading {
  /** `§2.1` for `### 2.1 Backend Framework`. */
  section: string;
  title: string;
  /** 0-based line of the heading. */
  line: number;
  /** The anchor GitHub and VS Code's Markdown preview give the heading. */
  anchor: string;
}

const HEADING_START = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const NUMBERED = /^(\d+(?:\.\d+)*)\.?(?:\s|$)/;
const FENCE = /^ {0,3}(```|~~~)/;

/** GitHub's heading anchor (VS Code's preview uses the same): lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The numbered headings of a standard, by section (`§2.1`). */
export function standardHeadings(text: string): Map<string, Heading> {
  const headings = new Map<string, Heading>();
  let fence: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const fenceMatch = FENCE.exec(lines[line]);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fence === fenceMatch[1]) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const title = headingTitle(lines[line]);
    const number = title === undefined ? null : NUMBERED.exec(title);
    if (title === undefined || !number) continue;
    const section = `§${number[1]}`;
    if (!headings.has(section)) headings.set(section, { section, title, line, anchor: headingAnchor(title) });
  }
  return headings;
}

/**
 * An ATX heading's text without its `#` marks and optional closing `#`s, or
 * undefined for another line. Read by hand: a pattern with a lazy title and
 * optional trailing blanks and `#`s backtracks quadratically.
 */
function headingTitle(line: string): string | undefined {
  const start = HEADING_START.exec(line);
  if (!start) return undefined;
  let title = line.slice(start[0].length).trim();
  let end = title.length;
  while (end > 0 && title[end - 1] === '#') end--;
  // Closing `#`s count only after a blank (or as the whole rest); `# C#` keeps its `#`.
  if (end === 0 || title[end - 1] === ' ' || title[end - 1] === '\t') title = title.slice(0, end).trim();
  return title;
}

/** Every § a text cites, in order, once each: `(§2.3, §7)` gives §2.3 and §7. */
export function citedSections(text: string): string[] {
  return [...new Set([...text.matchAll(/§(\d+(?:\.\d+)*)/g)].map((match) => `§${match[1]}`))];
}
