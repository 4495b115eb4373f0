import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileKind, moduleFor } from '../engine/registry';

/**
 * The path the engine sees for a document. Files keep their real path;
 * unsaved documents get a name that matches their language, so an untitled
 * Python buffer is still linted as Python.
 */
export function documentPath(uri: string, languageId: string): string | undefined {
  if (uri.startsWith('file:')) {
    let path: string | undefined;
    try {
      path = fileURLToPath(uri);
    } catch {
      // A file name that is not UTF-8 gets the path the walk gives it, in its real folder. A host (a UNC share),
      // an escaped separator, or a folder whose name is not UTF-8 (decoded, it would name another folder): an unsaved buffer.
      path = utf8FolderPath(uri);
    }
    if (path === undefined) return virtualPath(uri, languageId);
    if (fileKind(path)) return path;
    return pathForLanguage(path, languageId);
  }
  return virtualPath(uri, languageId);
}

function virtualPath(uri: string, languageId: string): string | undefined {
  let name = basename(uri.replace(/^[a-z-]+:/, ''));
  try {
    name = decodeURIComponent(name);
  } catch {
    // Keep the escaped name.
  }
  return pathForLanguage(`/untitled/${name}`, languageId) ?? (fileKind(name) ? `/untitled/${name}` : undefined);
}

/** A name the module of the editor's language recognises, for a buffer whose own name does not tell. */
function pathForLanguage(path: string, languageId: string): string | undefined {
  return moduleFor('', languageId)?.pathFor?.(path);
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/**
 * The URI of a file whose path is not valid UTF-8, from its bytes: each byte
 * outside the URI's unreserved characters percent-encoded, as RFC 8089 does,
 * so two such files never share a URI (their decoded paths may).
 */
export function rawFileUri(raw: Uint8Array): string {
  let uri = 'file://';
  for (const byte of raw) {
    const char = String.fromCharCode(byte);
    uri += /[A-Za-z0-9\-._~/]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return uri;
}

/**
 * The path of a file URI. A URI whose escapes are not UTF-8 (rawFileUri's,
 * or a client's) gives the path as the walk decodes such a name, with
 * U+FFFD for each byte that is not UTF-8, instead of throwing.
 */
export function uriPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return uriPathBytes(uri)?.toString('utf8');
  }
}

/**
 * The bytes of a file URI's path, its escapes decoded: one file's, however a
 * client spells them (`%FF` or `%ff`, `(` or `%28`). Undefined for a URI with
 * a host or that does not parse.
 */
export function uriPathBytes(uri: string): Buffer | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  // An escaped separator is no name's byte (fileURLToPath refuses it too).
  if (url.hostname !== '' || /%2f/i.test(url.pathname) || (process.platform === 'win32' && /%5c/i.test(url.pathname))) return undefined;
  return Buffer.concat(url.pathname.split(/(%[0-9A-Fa-f]{2})/).map((part) => (/^%[0-9A-Fa-f]{2}$/.test(part) ? Buffer.from([parseInt(part.slice(1), 16)]) : Buffer.from(part, 'utf8'))));
}

/**
 * A workspace folder's path, or undefined when its URI names no local folder
 * or its path is not UTF-8. Such a path is not decoded: U+FFFD in place of
 * its bytes would name another folder (one may exist), which stacklint would
 * then lint and write its cache in.
 */
export function folderPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    // A `%` a client left unescaped (`50%off`) is still a UTF-8 path.
    const bytes = uriPathBytes(uri);
    return bytes && isUtf8(bytes) ? bytes.toString('utf8') : undefined;
  }
}

/** A file URI's path when every folder on it is UTF-8 (the file's own name need not be); otherwise undefined. */
function utf8FolderPath(uri: string): string | undefined {
  const bytes = uriPathBytes(uri);
  if (!bytes) return undefined;
  return isUtf8(bytes.subarray(0, bytes.lastIndexOf(0x2f))) ? bytes.toString('utf8') : undefined;
}

/** The text of an open document at a path, which wins over the file on disk. */
export function openText(documents: { get(uri: string): { getText(): string } | undefined }, path: string): string | undefined {
  return documents.get(fileUri(path))?.getText();
}

