// The requirement forms pip accepts beyond PEP 508 (req/constructors.py):
// bare URLs and paths, `#egg=` names, and editables (a local path or a VCS URL).
import { parseRequirement, type ParsedRequirement, type Span } from '../dependencies/pep508';

export const VCS_SCHEMES = [
  'bzr+http', 'bzr+https', 'bzr+ssh', 'bzr+sftp', 'bzr+ftp', 'bzr+lp', 'bzr+file',
  'git+http', 'git+https', 'git+ssh', 'git+git', 'git+file',
  'hg+file', 'hg+http', 'hg+https', 'hg+ssh', 'hg+static-http',
  'svn+ssh', 'svn+http', 'svn+https', 'svn+svn', 'svn+file',
];

const URL_SCHEMES = ['http', 'https', 'file', 'ftp', ...VCS_SCHEMES];
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma|tar)$/i;
const EGG = /[#&]egg=([^&]*)/;
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

export function schemeOf(text: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  return match ? match[1].toLowerCase() : undefined;
}

export function isUrl(text: string): boolean {
  const scheme = schemeOf(text);
  return scheme !== undefined && URL_SCHEMES.includes(scheme);
}

export function isVcsUrl(text: string): boolean {
  const scheme = schemeOf(text);
  return scheme !== undefined && VCS_SCHEMES.includes(scheme);
}

/** pip's _looks_like_path: a path separator, or a leading dot. */
export function looksLikePath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || text.startsWith('.');
}

/** A requirement pip reads from a URL or path: no name unless `#egg=` gives one. */
export interface LocationRequirement {
  location: string;
  locationSpan: Span;
  name?: string;
  nameSpan?: Span;
  extras: string[];
  markerText?: string;
  markerSpan?: Span;
}

/** True when pip treats the argument as a URL or a path rather than a PEP 508 requirement. */
export function isLocation(text: string): boolean {
  if (isUrl(text)) return true;
  const at = text.indexOf('@');
  const head = at < 0 ? text : text.slice(0, at);
  if (at >= 0) return looksLikePath(head.trim()) && !/\s/.test(head.trim());
  return looksLikePath(text) || ARCHIVE.test(text.split(/[;\s]/)[0]);
}

/** Splits a URL or path requirement into location, egg name, extras and marker. */
export function parseLocation(text: string): LocationRequirement {
  // pip splits a URL's marker at "; " and a path's at ";" (constructors.parse_req_from_line).
  const separator = isUrl(text) ? '; ' : ';';
  const cut = text.indexOf(separator);
  let location = cut < 0 ? text : text.slice(0, cut);
  location = location.trimEnd();
  const result: LocationRequirement = { location, locationSpan: { start: 0, end: location.length }, extras: [] };
  if (cut >= 0) {
    const raw = text.slice(cut + 1);
    const start = cut + 1 + (raw.length - raw.trimStart().length);
    result.markerText = raw.trim();
    result.markerSpan = { start, end: start + result.markerText.length };
  }
  const extras = trailingExtras(location);
  if (extras !== undefined && !isUrl(location)) {
    result.extras = extras.split(',').map((extra) => extra.trim()).filter(Boolean);
  }
  const egg = EGG.exec(location);
  if (egg) {
    const nameMatch = NAME.exec(egg[1]);
    if (nameMatch) {
      const start = egg.index + egg[0].indexOf('=') + 1;
      result.name = nameMatch[0];
      result.nameSpan = { start, end: start + nameMatch[0].length };
      const eggExtras = /^\[([^\]]*)\]/.exec(egg[1].slice(nameMatch[0].length));
      if (eggExtras) result.extras = eggExtras[1].split(',').map((extra) => extra.trim()).filter(Boolean);
    }
  }
  return result;
}

export type ArgumentForm =
  | { kind: 'pep508'; requirement: ParsedRequirement }
  | { kind: 'location'; requirement: LocationRequirement };

/** Reads a requirement argument the way pip does. Throws RequirementError for invalid PEP 508 text. */
export function parseArgument(text: string): ArgumentForm {
  if (isLocation(text)) return { kind: 'location', requirement: parseLocation(text) };
  return { kind: 'pep508', requirement: parseRequirement(text) };
}

/** pip's message for an editable that is neither a local path nor a VCS URL, or undefined when valid. */
export function editableProblem(value: string): string | undefined {
  if (isVcsUrl(value)) return undefined;
  if (schemeOf(value) && schemeOf(value) !== 'file' && !/^[A-Za-z]:[\\/]/.test(value)) {
    return `${value} is not a valid editable requirement. It should either be a path to a local project or a VCS URL (beginning with ${VCS_SCHEMES.join(', ')}).`;
  }
  return undefined;
}

/**
 * The text inside a trailing `[...]` with no `]` in it, as `\[([^\]]*)\]$`
 * finds it, in one pass (that pattern is quadratic on a run of `[`).
 */
function trailingExtras(location: string): string | undefined {
  if (!location.endsWith(']')) return undefined;
  const close = location.length - 1;
  const open = location.indexOf('[', location.lastIndexOf(']', close - 1) + 1);
  return open >= 0 && open < close ? location.slice(open + 1, close) : undefined;
}
