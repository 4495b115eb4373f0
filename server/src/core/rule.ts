import type { StacklintConfig } from './config';
import type { Report, RuleMeta } from './types';
import type { Workspace } from './workspace';

export interface RuleContext {
  config: StacklintConfig;
  /** Other files, open buffers first; rules never read the disk themselves. */
  workspace: Workspace;
}

/** A rule over the parsed form `F` of one language module's files. */
export interface Rule<F = unknown> {
  meta: RuleMeta;
  /**
   * True when the findings in a top-level statement depend only on that
   * statement and the facts the module's IncrementalParse fingerprints, and
   * the rule looks only at the statements the module lets it check: an
   * editor then re-checks only the statements an edit touched.
   */
  statementLocal?: boolean;
  check(file: F, report: Report, context: RuleContext): void;
}
