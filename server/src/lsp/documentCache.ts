/**
 * One computed value per open document version: hover, completion and
 * document links on a dependency file share one parse per version instead
 * of parsing the whole file on every request.
 */
export class DocumentCache<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  get(document: { uri: string; version: number }, compute: () => T): T {
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version) return entry.value;
    const value = compute();
    this.entries.set(document.uri, { version: document.version, value });
    return value;
  }

  drop(uri: string): void {
    this.entries.delete(uri);
  }
}
