import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../core/types';
import { toDiagnostic } from './convert';
import { fileUri } from './paths';

/**
 * Publishes the problems of the policy files the configurations name, on
 * those files, and clears them once fixed. A policy file is no lint target,
 * so its diagnostics are sent whenever the set of problems changes.
 */
export class PolicyDiagnostics {
  private readonly published = new Map<string, string>();
  /** Every policy file ever read: its diagnostics stay this class's even while the configuration is re-read. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly current: () => ReadonlyMap<string, Finding[]>,
  ) {}

  /** True for a policy file read so far (its diagnostics are this class's, not the linter's). */
  isPolicyFile(uri: string): boolean {
    return this.seen.has(uri) || [...this.current().keys()].some((path) => fileUri(path) === uri);
  }

  async sync(): Promise<void> {
    const now = new Map<string, Finding[]>();
    for (const [path, findings] of this.current()) now.set(fileUri(path), findings);
    for (const uri of now.keys()) this.seen.add(uri);
    for (const [uri, findings] of now) {
      const key = JSON.stringify(findings);
      if (this.published.get(uri) === key) continue;
      this.published.set(uri, key);
      await this.connection.sendDiagnostics({ uri, diagnostics: findings.map((finding) => toDiagnostic(finding, uri, 0)) });
    }
    // No configuration names the file any more: its problems no longer matter.
    for (const uri of [...this.published.keys()]) {
      if (now.has(uri)) continue;
      this.published.delete(uri);
      await this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
}
