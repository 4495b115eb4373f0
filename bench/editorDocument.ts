import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Python files of the stdlib, largest folders skipped, in a stable order. */
export function pythonFiles(root: string, limit = Infinity): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (found.length >= limit) return;
      if (name === 'site-packages' || name === '__pycache__' || name.startsWith('.')) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (name.endsWith('.py')) found.push(path);
    }
  };
  walk(root);
  return found;
}

/** A document of about `lines` lines cut from real modules at a top-level statement boundary. */
export function benchDocument(files: string[], lines: number): string {
  const out: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (text.includes('\t') || !text.endsWith('\n')) continue;
    out.push(...text.split('\n'));
    if (out.length >= lines) break;
  }
  // The cut falls before a line that starts a top-level statement, so the document is valid Python (a blank line may be inside a docstring).
  let end = Math.min(lines, out.length);
  while (end > 1 && end < out.length && !/^[\p{L}_@]/u.test(out[end])) end--;
  return out.slice(0, end).join('\n') + '\n';
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

