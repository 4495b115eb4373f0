import type { Report, RuleMeta } from '../engine/types';
import type { RuleContext } from '../rules/rule';
import type { DockerfileFile } from './file';

export interface DockerfileRule {
  meta: RuleMeta & { kind: 'dockerfile' };
  check(file: DockerfileFile, report: Report, context: RuleContext): void;
}

export function defineDockerfileRule(rule: DockerfileRule): DockerfileRule {
  return rule;
}
