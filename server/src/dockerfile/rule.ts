import type { Rule } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { DockerfileFile } from './file';

export interface DockerfileRule extends Rule<DockerfileFile> {
  meta: RuleMeta & { kind: 'dockerfile' };
}

export function defineDockerfileRule(rule: DockerfileRule): DockerfileRule {
  return rule;
}
