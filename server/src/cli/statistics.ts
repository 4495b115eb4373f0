import { ruleById } from '../engine/registry';
import type { CliFinding } from './format';

export interface RuleStatistic {
  rule: string;
  count: number;
  fixable: number;
}

/** Findings counted per rule, most frequent first (as Ruff's `--statistics`). */
export function statistics(findings: readonly CliFinding[]): RuleStatistic[] {
  const byRule = new Map<string, RuleStatistic>();
  for (const finding of findings) {
    const entry = byRule.get(finding.rule) ?? { rule: finding.rule, count: 0, fixable: 0 };
    entry.count++;
    if (finding.fixable) entry.fixable++;
    byRule.set(finding.rule, entry);
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}

/** The statistics as text (aligned columns) or, for `--format json`, a JSON array. */
export function renderStatistics(findings: readonly CliFinding[], json: boolean): string {
  const rows = statistics(findings);
  if (json) return JSON.stringify(rows, null, 2) + '\n';
  if (rows.length === 0) return 'No problems found.\n';
  const countWidth = Math.max(...rows.map((row) => String(row.count).length));
  const ruleWidth = Math.max(...rows.map((row) => row.rule.length));
  const fixWidth = Math.max(...rows.map((row) => String(row.fixable).length));
  return rows
    .map((row) => {
      const fixable = row.fixable > 0 ? `[*] ${String(row.fixable).padStart(fixWidth)} fixable` : ' '.repeat(fixWidth + 12);
      return `${String(row.count).padStart(countWidth)}  ${row.rule.padEnd(ruleWidth)}  ${fixable}  ${ruleById(row.rule)?.meta.summary ?? ''}\n`;
    })
    .join('');
}
