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
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      // A malformed escape or a host (a UNC share): lint it as an unsaved buffer.
      return virtualPath(uri, languageId);
    }
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

export function uriPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** The text of an open document at a path, which wins over the file on disk. */
export function openText(documents: { get(uri: string): { getText(): string } | undefined }, path: string): string | undefined {
  return documents.get(fileUri(path))?.getText();
}

