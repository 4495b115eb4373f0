// Python import names → the distributions that provide them, so an import
// is judged by the same policy rows as the requirement that installs it.

import type { StacklintConfig } from '../core/config';
import { policyOf } from './default';
import { classify, normalizeName, rowStatus, type PackageStatus } from './policy';

/** Modules other rules report, so one import is never reported twice. */
const REPORTED_ELSEWHERE = new Set(['pytz', 'sqlite3']);

/** The distribution that provides a dotted module name (`yaml.constructor` → `pyyaml`), by the policy's import names. */
export function distributionOf(module: string, config: StacklintConfig): string {
  const names = policyOf(config).importNames;
  const parts = module.split('.');
  for (let length = parts.length; length > 0; length--) {
    const mapped = names[parts.slice(0, length).join('.')];
    if (mapped) return mapped;
  }
  return normalizeName(parts[0]);
}

/**
 * The policy's verdict on an imported module, or undefined when the module
 * is not the policy's business (relative imports, modules other rules own).
 * The policy's `[imports]` rows (standard-library modules such as
 * urllib.request) come first; an approved deviation or `extend-allow` entry
 * applies to its import too.
 */
export function classifyImport(module: string, config: StacklintConfig): PackageStatus | undefined {
  if (module === '' || module.startsWith('.')) return undefined;
  const top = module.split('.')[0];
  if (REPORTED_ELSEWHERE.has(top)) return undefined;
  for (const row of policyOf(config).imports) {
    if (module === row.name || module.startsWith(`${row.name}.`)) {
      const key = normalizeName(row.name);
      if (config.extendAllow.some((name) => normalizeName(name) === key)) return { name: row.name, status: 'standard', section: policyOf(config).sections.allowed };
      const approved = Object.entries(config.approvedDeviations).find(([name]) => normalizeName(name) === key);
      return { ...rowStatus(row.name, row), ...(approved ? { approvedReason: approved[1] } : {}) };
    }
  }
  return classify(distributionOf(module, config), config);
}
