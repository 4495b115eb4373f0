import type { Connection } from 'vscode-languageserver';
import type { Log } from './log';

/** Sent once per rule and file that threw; the client's status bar shows it. */
export const RULE_FAILED_NOTIFICATION = 'stacklint/ruleFailed';

export interface RuleFailedParams {
  rule: string;
  path: string;
  message: string;
}

/**
 * Makes a throwing rule visible without flooding: the first failure of a
 * rule on a file goes to the output (with its stack) and to the client's
 * status bar; the same failure on later edits of that file is not repeated.
 */
export class RuleFailureReporter {
  private readonly seen = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  /** The onRuleError callback for linting `path`. */
  onRuleError(path: string): (rule: string, error: unknown) => void {
    return (rule, error) => {
      const key = `${rule}\0${path}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      const message = String(error instanceof Error ? `${error.name}: ${error.message}` : error).split('\n')[0];
      this.log.error(`rule ${rule} failed on file ${path}; its findings there are missing: ${(error as Error)?.stack ?? error}`);
      void this.connection.sendNotification(RULE_FAILED_NOTIFICATION, { rule, path, message } satisfies RuleFailedParams);
    };
  }
}
