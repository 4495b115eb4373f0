import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { StacklintConfig } from '../../server/src/core/config';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import type { TreeCache } from '../../server/src/lsp/incremental';
import type { Tree } from '../../server/src/python/parse';

/**
 * Lints a document's current version as the server does after an edit: from
 * the tree and lint memory the cache kept for that version, keeping this
 * lint's for the next. True when the lint was incremental.
 */
export function lintAsEditor(cache: TreeCache, path: string, document: TextDocument, config: StacklintConfig): boolean {
  const { uri, version } = document;
  const trees: LintOptions['trees'] = { previous: cache.previous(uri, version) };
  const memory: NonNullable<LintOptions['memory']> = { previous: cache.memory(uri, version) };
  lintText(path, document.getText(), config, { trees, memory });
  cache.store(uri, version, trees.next as Tree, memory.next);
  return memory.reused === true;
}
