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
  check(file: F, report: Report, context: RuleContext): void;
}
