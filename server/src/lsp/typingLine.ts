import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Finding } from '../core/types';

/** How long the user must pause before an invalid requirement on the line being typed is shown. */
export const TYPING_PAUSE_MS = 1000;

/** Rules whose findings wait while their line is being typed (as ESLint holds back parse errors). */
const DEFERRED_RULES = new Set(['invalid-requirement']);

/**
 * Remembers, per document, the line the last edit left the cursor on and
 * when. `fastapi==` is not a valid requirement yet, but it is not a mistake
 * either while the user is still typing it: its finding waits until the user
 * pauses for TYPING_PAUSE_MS, edits another line, or moves the cursor away.
 */
export class TypingLines {
  private readonly lines = new Map<string, { line: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes where the edits leave the cursor; a whole-document replacement is not typing. */
  noteChanges(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    const last = changes[changes.length - 1];
    if (!last || !('range' in last)) {
      this.lines.delete(uri);
      return;
    }
    const line = last.range.start.line + (last.text.match(/\n/g)?.length ?? 0);
    this.lines.set(uri, { line, at: this.now() });
  }

  /** The cursor moved to `line`: a finding on the line it left is shown at once. */
  moveTo(uri: string, line: number): boolean {
    const typing = this.lines.get(uri);
    if (!typing || typing.line === line) return false;
    this.lines.delete(uri);
    return true;
  }

  forget(uri: string): void {
    this.lines.delete(uri);
  }

  /** Drops deferred findings on the line being typed; `recheckInMs` says when they become due. */
  hold(uri: string, findings: Finding[]): { findings: Finding[]; recheckInMs?: number } {
    const typing = this.lines.get(uri);
    if (!typing) return { findings };
    const waited = this.now() - typing.at;
    if (waited >= TYPING_PAUSE_MS) {
      this.lines.delete(uri);
      return { findings };
    }
    const onLine = (finding: Finding) =>
      DEFERRED_RULES.has(finding.rule) && finding.range.start.line <= typing.line && typing.line <= finding.range.end.line;
    if (!findings.some(onLine)) return { findings };
    return { findings: findings.filter((finding) => !onLine(finding)), recheckInMs: TYPING_PAUSE_MS - waited };
  }
}
