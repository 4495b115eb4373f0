// Docker image references (`[registry/]repository[:tag][@digest]`) and what
// the standard asks of the final image's base: the official python image,
// a `-slim` variant, a Python the policy allows (§2.7, §5).

export interface ImageReference {
  /** Everything before the tag: `python`, `docker.io/library/python`, `ghcr.io/org/app`. */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageReference(text: string): ImageReference {
  const at = text.indexOf('@');
  const withoutDigest = at < 0 ? text : text.slice(0, at);
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const colon = withoutDigest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (`localhost:5000/python`).
  if (colon < 0 || colon < withoutDigest.lastIndexOf('/')) return { name: withoutDigest, digest };
  return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

const OFFICIAL_PYTHON = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?python$/;
const DEBIAN_RELEASES = new Set(['bookworm', 'bullseye', 'buster', 'trixie']);

export function isOfficialPython(reference: ImageReference): boolean {
  return OFFICIAL_PYTHON.test(reference.name);
}

export interface PythonTag {
  /** `3.11`, `3.11.9`, `3`; undefined for `latest` or `slim`. */
  version?: string;
  /** `[3, 11]` when the tag names a minor version. */
  minor?: [number, number];
  slim: boolean;
  /** A Debian release after `-slim` (`-slim-bookworm`), kept by the fix. */
  release?: string;
  /** The variant after the version, e.g. `alpine3.19`, `slim-bookworm`. */
  variant: string;
}

/** Reads a tag of the official python image: `3.11-slim`, `3.11.9-slim-bookworm`, `3.12-alpine`, `latest`. */
export function pythonTag(tag: string | undefined): PythonTag {
  const match = /^(\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?)(?:-(.*))?$/.exec(tag ?? 'latest');
  const version = match?.[1];
  const variant = match ? match[2] ?? '' : tag ?? 'latest';
  const parts = variant.split('-');
  const slim = parts[0] === 'slim' && parts.slice(1).every((part) => DEBIAN_RELEASES.has(part));
  const minorMatch = version && /^(\d+)\.(\d+)/.exec(version);
  return {
    version,
    minor: minorMatch ? [Number(minorMatch[1]), Number(minorMatch[2])] : undefined,
    slim,
    release: slim && parts[1] ? parts[1] : undefined,
    variant,
  };
}

function toMinor(version: string): [number, number] {
  const [major, minor] = version.split('.').map(Number);
  return [major || 0, minor || 0];
}

function compareMinor(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function inRange(minor: [number, number], range: { min: string; max: string }): boolean {
  return compareMinor(minor, toMinor(range.min)) >= 0 && compareMinor(minor, toMinor(range.max)) <= 0;
}

/** The standard's Python (§2.7's `python:3.11-slim`), or the policy's newest when a project's range leaves 3.11 out. */
export function standardPython(range: { min: string; max: string }): string {
  return inRange([3, 11], range) ? '3.11' : range.max;
}
