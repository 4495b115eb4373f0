import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Documents at least this large are worth a full garbage collection once closed. */
export const LARGE_DOCUMENT_CHARS = 1024 * 1024;

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection. After a large document closes, the server
 * is idle and V8 has no reason to collect soon, so its text, its findings
 * and a replaced parser's wasm memory would otherwise stay resident for
 * minutes. Node offers gc() only behind --expose-gc; the flag can be set
 * at run time and the function taken from a new context.
 */
export function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: unknown }).gc;
    if (exposed) gc = exposed as () => void;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
}

/** Quiet time after which a second collection finds a low allocation rate and shrinks the young generation too. */
const SECOND_COLLECTION_MS = 5000;

/** Collects now, and once more when the server has been quiet for a while. */
export function collectGarbageTwice(): void {
  collectGarbage();
  setTimeout(collectGarbage, SECOND_COLLECTION_MS).unref();
}
