import type { CliFinding } from './format';

/** What the run covered, for the summary line. */
export interface RunFacts {
  files: number;
  seconds: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'information' ? '' : 's'}`;

/**
 * The last line of text output, as ESLint and Ruff print one: findings by
 * severity, how many `--fix` can apply, how many files were checked and how long it took.
 */
export function summaryLine(findings: readonly CliFinding[], facts?: RunFacts): string {
  const checked = facts ? ` Checked ${plural(facts.files, 'file')} in ${facts.seconds.toFixed(2)} s.` : '';
  if (findings.length === 0) return `No problems found.${checked}\n`;
  const bySeverity = ['error', 'warning', 'information', 'hint']
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => plural(count, severity));
  const files = new Set(findings.map((f) => f.file)).size;
  const fixable = findings.filter((f) => f.fixable).length;
  return `\nFound ${plural(findings.length, 'problem')} in ${plural(files, 'file')} (${bySeverity.join(', ')}); ${fixable} fixable with --fix.${checked}\n`;
}
