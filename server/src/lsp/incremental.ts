import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isCurrentTree, releaseTree, type Tree } from '../python/parse';
import type { LintMemory } from '../engine/incremental';

/** Trees kept at most: the documents being edited now; the others re-parse in full on their next edit. */
export const MAX_KEPT_TREES = 8;

/**
 * Keeps the last syntax tree of the most recently linted Python documents and replays the
 * editor's incremental changes onto it with tree.edit, so the next parse
 * reuses every unchanged subtree instead of starting over.
 */
export class TreeCache {
  private readonly entries = new Map<string, { tree: Tree; version: number; memory?: LintMemory }>();

  /** A TextDocument `update` that also edits the cached tree, change by change. */
  readonly update = (document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument => {
    let entry = this.entries.get(document.uri);
    // A tree of a parser that was replaced (after a crash, or to give memory back) is never touched again.
    if (entry && !isCurrentTree(entry.tree)) {
      this.entries.delete(document.uri);
      entry = undefined;
    }
    let current = document;
    for (const change of changes) {
      if (entry && 'range' in change) {
        const startIndex = current.offsetAt(change.range.start);
        const oldEndIndex = current.offsetAt(change.range.end);
        // Read old positions first: TextDocument.update changes the document in place.
        const startPosition = point(current.positionAt(startIndex));
        const oldEndPosition = point(current.positionAt(oldEndIndex));
        const next = TextDocument.update(current, [change], version);
        const newEndIndex = startIndex + change.text.length;
        entry.tree.edit({ startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition: point(next.positionAt(newEndIndex)) });
        current = next;
      } else {
        this.drop(document.uri);
        current = TextDocument.update(current, [change], version);
      }
    }
    const kept = this.entries.get(document.uri);
    if (kept) kept.version = version;
    return current;
  };

  /** The edited tree when it describes exactly this version of the document. */
  previous(uri: string, version: number): Tree | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.version === version ? entry.tree : undefined;
  }

  /** What the last lint left for an incremental lint of this version (see engine/incremental.ts). */
  memory(uri: string, version: number): LintMemory | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.version === version ? entry.memory : undefined;
  }

  store(uri: string, version: number, tree: Tree | undefined, memory?: LintMemory): void {
    const old = this.entries.get(uri);
    if (old && old.tree !== tree) releaseTree(old.tree);
    // Re-inserted last, so the map's order is least recently linted first.
    this.entries.delete(uri);
    if (tree) this.entries.set(uri, { tree, version, memory });
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= MAX_KEPT_TREES) break;
      releaseTree(entry.tree);
      this.entries.delete(oldest);
    }
  }

  /** How many trees are kept (for tests and memory figures). */
  get size(): number {
    return this.entries.size;
  }

  /** Lets go of every tree of a parser that was replaced: one kept tree would keep its whole wasm memory alive. */
  dropStale(): void {
    for (const [uri, entry] of this.entries) if (!isCurrentTree(entry.tree)) this.entries.delete(uri);
  }

  drop(uri: string): void {
    this.store(uri, 0, undefined);
  }
}

function point(position: { line: number; character: number }): { row: number; column: number } {
  return { row: position.line, column: position.character };
}
