import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileKind } from '../engine/lint';

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
    if (languageId === 'python') return `${path}.py`;
    if (languageId === 'pip-requirements') return `${path}/requirements.txt`;
    if (languageId === 'dockerfile') return `${path}.Dockerfile`;
    return undefined;
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
  if (languageId === 'python') return `/untitled/${name}.py`;
  if (languageId === 'pip-requirements') return `/untitled/${name}/requirements.txt`;
  if (languageId === 'dockerfile') return `/untitled/${name}.Dockerfile`;
  return fileKind(name) ? `/untitled/${name}` : undefined;
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

