/**
 * ## What it does
 * Flags datetimes created without a time zone: `datetime.now()` without a
 * tz, `datetime.utcnow()`, `datetime.utcfromtimestamp()`,
 * `datetime.today()` and `datetime.fromtimestamp(x)` without a tz.
 *
 * ## Why is this bad?
 * The standard stores and compares times in UTC with aware datetimes (§3.2).
 * A naive datetime means local time to some code and UTC to other code;
 * `utcnow()` even returns a naive value that looks like local time, and is
 * deprecated since Python 3.12.
 *
 * ## Example
 * ```python
 * from datetime import datetime
 *
 * created_at = datetime.utcnow()
 * ```
 *
 * ## Use instead
 * ```python
 * from datetime import datetime, timezone
 *
 * created_at = datetime.now(timezone.utc)
 * ```
 */
import type { Node } from '../parse';
import type { Edit, Fix } from '../../core/types';
import { callArguments } from '../calls';
import type { PythonFile } from '../file';
import { referenceTo } from '../imports';
import { definePythonRule } from '../rule';

const METHODS: Record<string, string> = {
  now: '`datetime.now()` without a time zone is naive',
  utcnow: '`datetime.utcnow()` returns a naive datetime (deprecated in Python 3.12)',
  utcfromtimestamp: '`datetime.utcfromtimestamp()` returns a naive datetime (deprecated in Python 3.12)',
  today: '`datetime.today()` is naive local time',
  fromtimestamp: '`datetime.fromtimestamp()` without a time zone is naive local time',
};

export default definePythonRule({
  meta: {
    id: 'naive-datetime',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['DTZ005', 'DTZ003', 'DTZ004', 'DTZ002', 'DTZ006'],
    fixable: true,
    summary: '`datetime.now()` without tz, `utcnow()`, `utcfromtimestamp()`, `today()`, `fromtimestamp(x)` without tz',
    sections: ['§3.2'],
  },
  check(file, report) {
    for (const call of file.calls(...Object.keys(METHODS))) {
      const fn = call.childForFieldName('function');
      const name = fn?.type === 'attribute' ? file.qualifiedName(fn) : undefined;
      if (!fn || !name?.startsWith('datetime.datetime.')) continue;
      const method = name.slice('datetime.datetime.'.length);
      if (!(method in METHODS)) continue;
      const args = callArguments(call);
      if (args.hasSplat) continue;
      // An explicit `tz=None` is as naive as no time zone at all.
      const tz = method === 'now' ? (args.positional[0] ?? args.keywords.get('tz')) : method === 'fromtimestamp' ? (args.positional[1] ?? args.keywords.get('tz')) : undefined;
      if (tz && tz.type !== 'none') continue;
      if (method === 'now' && isAstimezoneCall(call)) continue;
      report({
        range: file.range(call),
        message: `${METHODS[method]}; use an aware datetime such as \`datetime.now(timezone.utc)\` (§3.2)`,
        fix: awareFix(file, fn, call, method),
      });
    }
  },
});

/** `datetime.now().astimezone()` converts to an aware local time. */
function isAstimezoneCall(call: Node): boolean {
  const parent = call.parent;
  return parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'astimezone' && parent.parent?.type === 'call';
}

function awareFix(file: PythonFile, fn: Node, call: Node, method: string): Fix | undefined {
  const args = callArguments(call);
  const attribute = fn.childForFieldName('attribute');
  if (!args.list || !attribute) return undefined;
  const utc = referenceTo(file, 'datetime', 'timezone', call);
  if (utc.unavailable) return undefined;
  const tz = `${utc.expression}.utc`;
  const edits: Edit[] = [...utc.edits];
  if (method === 'now' || method === 'utcnow') {
    if (method === 'utcnow') edits.push({ range: file.range(attribute), newText: 'now' });
    edits.push({ range: file.range(args.list), newText: `(${tz})` });
  } else if (method === 'utcfromtimestamp' && args.positional.length === 1 && args.keywords.size === 0) {
    edits.push({ range: file.range(attribute), newText: 'fromtimestamp' });
    const end = file.lines.positionAt(args.positional[0].endIndex);
    edits.push({ range: { start: end, end }, newText: `, tz=${tz}` });
  } else {
    return undefined;
  }
  return {
    title: method === 'now' ? 'Pass `timezone.utc`' : `Replace with \`${method === 'utcnow' ? 'now' : 'fromtimestamp'}(..., timezone.utc)\``,
    // Aware and naive datetimes do not compare: callers may need changes too.
    safe: false,
    edits,
  };
}
