import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StacklintConfig } from '../core/config';
import { readWorkspaceFile } from '../core/files';
import { policyOf } from '../policy/default';
import { citedSections, type Heading, standardHeadings } from '../policy/standard';

/** A § of a message, resolved to its heading in the standard document. */
export interface SectionLink {
  section: string;
  heading: Heading;
  /** The standard document. */
  path: string;
  /** `file:///…/TECH_STACK.md#21-backend-framework`. */
  uri: string;
}

const MAX_STANDARD_BYTES = 4 * 1024 * 1024;
const cache = new Map<string, Map<string, Heading> | null>();

/** The headings of a standard document, read once (a Markdown file next to the policy that names it). */
export function headingsOf(path: string): Map<string, Heading> | undefined {
  let headings = cache.get(path);
  if (headings === undefined) {
    const read = path.endsWith('.md') ? readWorkspaceFile(path, { root: dirname(path), maxBytes: MAX_STANDARD_BYTES }) : undefined;
    headings = read?.ok ? standardHeadings(read.text) : null;
    cache.set(path, headings);
  }
  return headings ?? undefined;
}

/** Forgets the standards read, e.g. when a policy file changed. */
export function clearStandards(): void {
  cache.clear();
}

/** The standard's heading for each § the text cites (those the standard has). */
export function sectionLinks(text: string, config: StacklintConfig): SectionLink[] {
  const path = policyOf(config).standard;
  const headings = path ? headingsOf(path) : undefined;
  if (!path || !headings) return [];
  return citedSections(text).flatMap((section) => {
    const heading = headings.get(section);
    return heading ? [{ section, heading, path, uri: `${pathToFileURL(path).href}#${heading.anchor}` }] : [];
  });
}
