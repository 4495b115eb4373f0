import type { StacklintConfig } from '../core/config';
import { lintText, type LintOptions } from './lint';
import { moduleFor } from './registry';
import { comparePositions, LineIndex } from '../core/text';
import type { Edit, Finding, Fix } from '../core/types';

/** ESLint's bound: fixes can enable other fixes, but never loop forever. */
export const MAX_FIX_PASSES = 10;

/** Applies edits to one text; overlapping edits are a programming error. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const lines = new LineIndex(text);
  // Inserts at one point keep their order, as LSP says: apply the later ones first.
  const spans = edits
    .map((edit, index) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), text: edit.newText, index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  let result = text;
  let limit = Infinity;
  for (const span of spans) {
    if (span.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, span.start) + span.text + result.slice(span.end);
    limit = span.start;
  }
  return result;
}

/** True when the fix only edits the linted file itself. */
export function isLocalFix(fix: Fix): boolean {
  return fix.edits.every((edit) => edit.file === undefined);
}

/** Picks fixes whose edits do not touch each other, first come first served. */
export function nonOverlapping(fixes: readonly Fix[]): Fix[] {
  const taken: Edit[] = [];
  const chosen: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((edit) => taken.some((other) => touches(edit, other)))) continue;
    taken.push(...fix.edits);
    chosen.push(fix);
  }
  return chosen;
}

function touches(a: Edit, b: Edit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  return comparePositions(a.range.start, b.range.end) <= 0 && comparePositions(b.range.start, a.range.end) <= 0;
}

export interface FixAllResult {
  text: string;
  passes: number;
  applied: number;
  remaining: Finding[];
}

export interface FixAllOptions extends Pick<LintOptions, 'onRuleError' | 'onRefusedFile'> {
  /** Apply unsafe fixes too (`--unsafe-fixes`); by default only safe ones, as Ruff. */
  unsafe?: boolean;
  only?: (finding: Finding) => boolean;
}

/** True when a fix-all pass may apply this finding's fix: local, and safe unless unsafe fixes are allowed. */
export function isApplicable(fix: Fix | undefined, unsafe: boolean): fix is Fix {
  return fix !== undefined && isLocalFix(fix) && (fix.safe || unsafe);
}

/** True when the finding has a local fix that only `--unsafe-fixes` would apply. */
export function hasHiddenFix(finding: Finding, unsafe: boolean): boolean {
  return !unsafe && finding.fix !== undefined && isLocalFix(finding.fix) && !finding.fix.safe;
}

/**
 * Lints, applies every non-overlapping local fix (safe ones only unless
 * `options.unsafe`), and repeats until nothing changes.
 */
export function fixAll(path: string, text: string, config: StacklintConfig, options: FixAllOptions = {}): FixAllResult {
  const { only, onRuleError, onRefusedFile } = options;
  const unsafe = options.unsafe ?? false;
  let current = text;
  let applied = 0;
  let passes = 0;
  let findings = lintText(path, current, config, { onRuleError, onRefusedFile });
  while (passes < MAX_FIX_PASSES) {
    const fixes = findings
      .filter((finding) => !only || only(finding))
      .map((finding) => finding.fix)
      .filter((fix): fix is Fix => isApplicable(fix, unsafe));
    const chosen = nonOverlapping(fixes);
    if (chosen.length === 0) break;
    const before = current;
    current = applyEdits(current, chosen.flatMap((fix) => fix.edits));
    // Fixes applied together can leave what none left alone (the last two uses of an import, one each).
    const tidy = moduleFor(path)?.tidyAfterFixes?.(path, before, current) ?? [];
    if (tidy.length > 0) current = applyEdits(current, tidy);
    applied += chosen.length;
    passes++;
    findings = lintText(path, current, config, { onRuleError, onRefusedFile });
  }
  return { text: current, passes, applied, remaining: findings };
}
