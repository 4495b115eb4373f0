import type { IncrementalParse, TextUnit } from '../core/module';
import { comparePositions, detached, lastAtOrBefore } from '../core/text';
import type { Finding, Fix, Range } from '../core/types';

/**
 * What one lint of a document leaves for the next: per top-level statement
 * (unit), its text, the facts it gives the rest of the file and the findings
 * of statement-local rules in it, in that version's positions.
 */
export interface LintMemory {
  /** The path and configuration linted with: another key starts over. */
  key: string;
  lineCount: number;
  units: RememberedUnit[];
}

interface RememberedUnit {
  text: string;
  line: number;
  facts: string;
  findings: Finding[];
}

/** How a lint runs: statement-local rules on the edited units only, keeping the rest's findings; or everything. */
export type LintPlan =
  | { kind: 'incremental'; ranges: { start: number; end: number }[]; kept: Finding[]; remember(local: Finding[]): LintMemory }
  | { kind: 'full'; remember(local: Finding[]): LintMemory };

/**
 * Compares the file's units with the last lint's: the units between the
 * longest unchanged head and tail (widened to where the syntax changed) are
 * the edited ones. When their facts are the same as before and every kept
 * finding lies wholly in unchanged text, the rest of the file keeps its
 * findings (moved by the lines the edit added); anything else lints in full.
 */
export function planLint(incremental: IncrementalParse, text: string, lineCount: number, key: string, memory: LintMemory | undefined): LintPlan {
  const units = incremental.units();
  const texts = units.map((unit) => text.slice(unit.start, unit.end));
  const full: LintPlan = { kind: 'full', remember: (local) => remembered(key, lineCount, units, texts, incremental.facts(units, 0, units.length), local) };
  if (!memory || memory.key !== key || !incremental.changedRanges) return full;
  const old = memory.units;
  const [n, m] = [units.length, old.length];
  let head = 0;
  while (head < n && head < m && old[head].text === texts[head]) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && old[m - 1 - tail].text === texts[n - 1 - tail]) tail++;
  for (const range of incremental.changedRanges()) {
    for (let i = 0; i < n; i++) {
      const unit = units[i];
      if (range.start < unit.end && (range.end > unit.start || range.start >= unit.start)) {
        head = Math.min(head, i);
        tail = Math.min(tail, n - 1 - i);
      }
    }
  }
  const facts = head < n - tail ? incremental.facts(units, head, n - tail) : [];
  if (facts.join('\0') !== old.slice(head, m - tail).map((unit) => unit.facts).join('\0') || facts.length !== m - tail - head) return full;
  const startLine = head < m ? old[head].line : memory.lineCount;
  const oldEndLine = tail > 0 ? old[m - tail].line : memory.lineCount;
  const newEndLine = tail > 0 ? units[n - tail].line : lineCount;
  const delta = newEndLine - oldEndLine;
  const kept: Finding[] = [];
  // The units before the edit and after it, with their findings moved: a finding before the edit may
  // still have a fix after it (a logger line added below the file's last import), and one whose fix
  // reaches into the edit must be made anew.
  const moveUnits = (units: RememberedUnit[], lines: number): RememberedUnit[] | undefined => {
    const result: RememberedUnit[] = [];
    for (const unit of units) {
      const findings: Finding[] = [];
      for (const finding of unit.findings) {
        const shifted = moveFinding(finding, startLine, oldEndLine, delta);
        if (!shifted) return undefined;
        findings.push(shifted);
      }
      kept.push(...findings);
      result.push({ ...unit, line: unit.line + lines, findings });
    }
    return result;
  };
  const before = moveUnits(old.slice(0, head), 0);
  const moved = before && moveUnits(old.slice(m - tail), delta);
  if (!before || !moved) return full;
  const start = head < n ? units[head].start : text.length;
  const end = tail > 0 ? units[n - tail].start : text.length;
  return {
    kind: 'incremental',
    ranges: start < end ? [{ start, end }] : [],
    kept,
    remember(local) {
      // Kept from one edit to the next, what is remembered of the edited units must not be views of this
      // version's text: each edit would otherwise keep one more copy of the whole document alive. (Python's
      // facts are joined, which makes a string of their own; another language's facts might not be.)
      const edited = units.slice(head, n - tail).map((unit, i) => ({ text: detached(texts[head + i]), line: unit.line, facts: detached(facts[i]), findings: [] as Finding[] }));
      for (const finding of local) {
        const line = finding.range.start.line;
        if (line >= startLine && line < newEndLine) edited[unitIndex(edited, line)].findings.push(detachedFinding(finding));
      }
      return { key, lineCount, units: [...before, ...edited, ...moved] };
    },
  };
}

function remembered(key: string, lineCount: number, units: TextUnit[], texts: string[], facts: string[], local: Finding[]): LintMemory {
  const all = units.map((unit, i) => ({ text: texts[i], line: unit.line, facts: facts[i], findings: [] as Finding[] }));
  for (const finding of local) all[unitIndex(all, finding.range.start.line)].findings.push(finding);
  return { key, lineCount, units: all };
}

/** A finding whose strings share no memory with the text it was found in (see `detached`). */
function detachedFinding(finding: Finding): Finding {
  const fix = (f: Fix): Fix => ({ ...f, title: detached(f.title), edits: f.edits.map((edit) => ({ ...edit, newText: detached(edit.newText) })) });
  const copy: Finding = { ...finding, message: detached(finding.message) };
  if (finding.fix) copy.fix = fix(finding.fix);
  if (finding.alternatives) copy.alternatives = finding.alternatives.map(fix);
  if (finding.related) copy.related = finding.related.map((info) => ({ ...info, message: detached(info.message) }));
  return copy;
}

/** The last unit starting on or before the line. */
function unitIndex(units: { line: number }[], line: number): number {
  return lastAtOrBefore(units.length, (index) => units[index].line, line);
}

/**
 * The finding in the new text's positions: before the edited lines as it
 * was, after them moved by `delta` lines; undefined when any of its ranges
 * reaches into the edited lines (or another file), where it cannot be known
 * without linting again. A range may end where the edited lines start, or
 * start where the lines after them start, but an insertion there is
 * ambiguous (before or after the edit?) and is not kept.
 */
function moveFinding(finding: Finding, startLine: number, oldEndLine: number, delta: number): Finding | undefined {
  let valid = true;
  const editStart = { line: startLine, character: 0 };
  const editEnd = { line: oldEndLine, character: 0 };
  const moveRange = (range: Range): Range => {
    const empty = comparePositions(range.start, range.end) === 0;
    if (empty ? comparePositions(range.end, editStart) < 0 : comparePositions(range.end, editStart) <= 0) return range;
    if (empty ? comparePositions(range.start, editEnd) > 0 : comparePositions(range.start, editEnd) >= 0) {
      return delta === 0 ? range : { start: { line: range.start.line + delta, character: range.start.character }, end: { line: range.end.line + delta, character: range.end.character } };
    }
    valid = false;
    return range;
  };
  const moveFix = (fix: Fix): Fix => {
    if (fix.edits.some((edit) => edit.file !== undefined)) valid = false;
    return { ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: moveRange(edit.range) })) };
  };
  const moved: Finding = { ...finding, range: moveRange(finding.range) };
  if (finding.fix) moved.fix = moveFix(finding.fix);
  if (finding.alternatives) moved.alternatives = finding.alternatives.map(moveFix);
  if (finding.related) moved.related = finding.related.map((info) => ({ ...info, range: moveRange(info.range) }));
  return valid ? moved : undefined;
}
