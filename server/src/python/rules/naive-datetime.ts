/**
 * ## What it does
 * Flags datetimes created without a time zone: `datetime.now()` without a
 * tz, `datetime.utcnow()`, `datetime.utcfromtimestamp()`,
 * `datetime.today()` and `datetime.fromtimestamp(x)` without a tz, and the
 * same functions given uncalled as a default (`Column(default=datetime.utcnow)`,
 * `Field(default_factory=datetime.now)`), which stamp every row or model
 * with a naive value. A local time converted with `.astimezone()` (also
 * after `.replace(...)`) is aware and not reported, nor is a UTC time
 * labelled as UTC (`datetime.utcnow().replace(tzinfo=timezone.utc)`).
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
    summary: '`datetime.now()` without tz, `utcnow()`, `utcfromtimestamp()`, `today()`, `fromtimestamp(x)` without tz, also as a callable default',
    sections: ['§3.2'],
  },
  // Reads beyond its statement only what the file's incremental facts fingerprint (module bindings, imports, uses of imported names).
  statementLocal: true,
  check(file, report) {
    // Every finding names `datetime.datetime`, whose name an import must spell out in the text:
    // a file without the word (most files) is skipped without reading its calls.
    if (!mayNameDatetime(file.text)) return;
    for (const call of file.checked(file.calls(...Object.keys(METHODS)))) {
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
      // `.astimezone()` on a naive local time gives an aware one; on utcnow() it would misread UTC as local.
      if ((method === 'now' || method === 'today' || method === 'fromtimestamp') && endsInAstimezone(call)) continue;
      // UTC read as naive and then labelled UTC is the right aware time (Django's `timezone.now()`).
      if ((method === 'utcnow' || method === 'utcfromtimestamp') && labelledUtc(call)) continue;
      report({
        range: file.range(call),
        message: `${METHODS[method]}; use an aware datetime such as \`datetime.now(timezone.utc)\` (§3.2)`,
        fix: awareFix(file, fn, call, method),
      });
    }
    for (const { keyword, value } of callableDefaults(file)) {
      report({
        range: file.range(value),
        message: `\`${keyword}=${value.text}\` stamps each value with a naive datetime; use \`lambda: datetime.now(timezone.utc)\` (§3.2)`,
        fix: callableFix(file, value),
      });
    }
  },
});

/**
 * False only when no import can bind `datetime`: the word is absent and the
 * text is ASCII (a non-ASCII identifier may normalise to it, as Python's NFKC does).
 */
function mayNameDatetime(text: string): boolean {
  return text.includes('datetime') || /[^\x00-\x7f]/.test(text);
}

/** Keywords that take a function called later for a value: ORM column, Pydantic and dataclass defaults. */
const DEFAULT_KEYWORDS = new Set(['default', 'default_factory', 'onupdate', 'insert_default']);
const CALLABLE_METHODS = new Set(['now', 'utcnow', 'today']);

/** `Column(default=datetime.utcnow)`, `Field(default_factory=datetime.now)`: the function itself, called without a time zone. */
function callableDefaults(file: PythonFile): { keyword: string; value: Node }[] {
  const found: { keyword: string; value: Node }[] = [];
  for (const call of file.checked(file.nodes('call'))) {
    for (const [keyword, value] of callArguments(call).keywords) {
      if (!DEFAULT_KEYWORDS.has(keyword) || value.type !== 'attribute') continue;
      const name = file.qualifiedName(value);
      const method = name?.startsWith('datetime.datetime.') ? name.slice('datetime.datetime.'.length) : undefined;
      if (method && CALLABLE_METHODS.has(method)) found.push({ keyword, value });
    }
  }
  return found;
}

/** `datetime.utcnow` becomes `lambda: datetime.now(timezone.utc)`. */
function callableFix(file: PythonFile, value: Node): Fix | undefined {
  const object = value.childForFieldName('object');
  if (!object) return undefined;
  const utc = referenceTo(file, 'datetime', 'timezone', value);
  if (utc.unavailable) return undefined;
  return {
    title: `Use \`lambda: ${object.text}.now(${utc.expression}.utc)\``,
    // Aware and naive datetimes do not compare: code reading the column may need changes too.
    safe: false,
    edits: [...utc.edits, { range: file.range(value), newText: `lambda: ${object.text}.now(${utc.expression}.utc)` }],
  };
}

/**
 * `datetime.now().astimezone()`, `datetime.today().replace(microsecond=0).astimezone()`:
 * the chain converts the naive local time to an aware one. `replace()` keeps
 * it naive on the way (unless it sets `tzinfo`, which makes it aware).
 */
function endsInAstimezone(call: Node): boolean {
  let current = call;
  for (;;) {
    const attribute = current.parent;
    const next = attribute?.parent;
    if (attribute?.type !== 'attribute' || next?.type !== 'call') return false;
    const method = attribute.childForFieldName('attribute')?.text;
    if (method === 'astimezone') return true;
    if (method !== 'replace') return false;
    // `replace(tzinfo=...)` relabels the local time instead of converting it: still reported.
    if (callArguments(next).keywords.has('tzinfo')) return false;
    current = next;
  }
}

/**
 * `datetime.utcnow().replace(tzinfo=timezone.utc)`: the naive UTC time made
 * aware with the zone it is in. Any other zone (or `tzinfo=None`) mislabels it.
 */
function labelledUtc(call: Node): boolean {
  let current = call;
  for (;;) {
    const attribute = current.parent;
    const next = attribute?.parent;
    if (attribute?.type !== 'attribute' || next?.type !== 'call' || attribute.childForFieldName('attribute')?.text !== 'replace') return false;
    const tzinfo = callArguments(next).keywords.get('tzinfo');
    if (tzinfo) return isUtc(tzinfo);
    current = next;
  }
}

/** A name or attribute `utc` / `UTC` (`timezone.utc`, `datetime.UTC`, `pytz.utc`, Django's `utc`), `tz.tzutc()`, `ZoneInfo("UTC")`. */
function isUtc(value: Node): boolean {
  if (value.type === 'identifier') return value.text === 'utc' || value.text === 'UTC';
  if (value.type === 'attribute') return isUtc(value.childForFieldName('attribute')!);
  if (value.type !== 'call') return false;
  const callee = value.childForFieldName('function');
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  if (name === 'tzutc') return callArguments(value).positional.length === 0;
  const zone = callArguments(value).positional[0];
  return name === 'ZoneInfo' && zone?.type === 'string' && /^(['"])(?:Etc\/)?UTC\1$/.test(zone.text);
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
