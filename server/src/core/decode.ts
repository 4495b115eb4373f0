/** A file's text, or why it could not be read as text. */
export type Decoded = { ok: true; text: string; encoding: string; bom: boolean } | { ok: false; reason: string };

/** Files above this size are skipped: a generated blob is not code anyone reviews. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * Decodes a source file as Python would: a UTF-8 BOM, else a PEP 263 coding
 * cookie on the first two lines, else UTF-8. Invalid bytes are an error,
 * never silently replaced, so a fix can never write mangled text back.
 */
export function decodeSource(bytes: Uint8Array, python: boolean): Decoded {
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let encoding = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (python) encoding = codingCookie(bytes) ?? 'utf-8';
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(start));
    return { ok: true, text, encoding: encoding === 'utf8' ? 'utf-8' : encoding, bom: start === 3 };
  } catch (error) {
    const message = error instanceof RangeError ? `unknown encoding ${encoding}` : `invalid ${encoding}`;
    return { ok: false, reason: message };
  }
}

function codingCookie(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 400)).toString('latin1').split(/\r?\n/).slice(0, 2);
  for (const line of head) {
    const match = CODING_COOKIE.exec(line);
    if (match) return whatwgLabel(match[1]);
    // PEP 263: the cookie may only be on line 2 when line 1 is a comment or blank.
    if (!/^\s*(#.*)?$/.test(line)) break;
  }
  return undefined;
}

/** Python codec names that the WHATWG Encoding Standard (TextDecoder) spells otherwise. */
const PYTHON_ALIASES: Record<string, string> = {
  'latin-1': 'latin1',
  'iso-latin-1': 'latin1',
  l1: 'latin1',
  'iso8859-1': 'iso-8859-1',
  'iso8859-15': 'iso-8859-15',
  'utf8-sig': 'utf-8',
  'utf-8-sig': 'utf-8',
  utf8: 'utf-8',
};

function whatwgLabel(codec: string): string {
  const name = codec.toLowerCase().replace(/_/g, '-');
  return PYTHON_ALIASES[name] ?? name;
}
