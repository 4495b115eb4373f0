import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../core/package';
import type { StacklintConfig } from '../core/config';
import { Policy } from '../core/policy';
import { parsePolicyText } from './parse';

/** The shipped policy file, for messages and for `$schema`-aware editors. */
export function defaultPolicyPath(): string {
  return join(packageRoot(), 'policy', 'default.toml');
}

let cached: Policy | undefined;

let text: string | undefined;

/** The shipped policy file's text, read once from the package. */
export function defaultPolicyText(): string {
  return (text ??= readFileSync(defaultPolicyPath(), 'utf8'));
}

/** The default policy: TECH_STACK.md as data, with the shipped standard. */
export function defaultPolicy(): Policy {
  if (cached) return cached;
  const parsed = parsePolicyText(defaultPolicyText());
  const { policy, problems } = Policy.from({ ...parsed.data, standard: resolve(dirname(defaultPolicyPath()), parsed.standard ?? '') });
  // The shipped file is checked by the tests: a problem here is a packaging bug, not the user's.
  const all = [...parsed.problems, ...problems];
  if (all.length > 0) throw new Error(`stacklint's default policy is invalid: ${all.map((p) => p.message).join('; ')}`);
  return (cached = policy);
}

/** The default policy's data, for a team file that `extends = "default"`. */
export function defaultPolicyData() {
  const parsed = parsePolicyText(defaultPolicyText());
  return { ...parsed.data, standard: resolve(dirname(defaultPolicyPath()), parsed.standard ?? '') };
}

/** The policy a configuration is linted with: the one its policy file gives, or the default. */
export function policyOf(config: StacklintConfig): Policy {
  return config.policy ?? defaultPolicy();
}
