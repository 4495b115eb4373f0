import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsPath, docsUrl } from './types';

let root: string | undefined;

/**
 * The folder of stacklint's package.json (the extension's or the npm
 * package's), where policy/ and docs/ are shipped. Found upward from the
 * running bundle: dist/server.js, dist/cli.js or a test bundle below dist/.
 */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policy', 'default.toml'))) return (root = dir);
    if (dirname(dir) === dir) return (root = resolve(__dirname, '..'));
  }
}

/** The rule's page shipped with stacklint (docs/rules/<id>.md) as a file URI; the web page when it is missing. */
export function bundledDocsUri(ruleId: string): string {
  let uri = docsUris.get(ruleId);
  if (uri === undefined) {
    const page = join(packageRoot(), docsPath(ruleId));
    uri = existsSync(page) ? pathToFileURL(page).href : docsUrl(ruleId);
    docsUris.set(ruleId, uri);
  }
  return uri;
}

/** Looked up once per rule: every diagnostic of every lint carries its rule's page, and the installed pages do not change. */
const docsUris = new Map<string, string>();
