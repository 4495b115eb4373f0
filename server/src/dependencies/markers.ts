// PEP 508 environment markers: a small tokenizer and recursive-descent parser
// for the marker grammar (not Python), evaluation against an environment, and
// the overlap test duplicate-dependency needs. Parentheses nest at most
// MAX_MARKER_DEPTH deep, so neither the parser nor the walks over its tree
// can run out of stack on hostile input.
import { compareVersions, isVersion } from './pep440';

export type MarkerValue = { variable: string } | { literal: string };

export type Marker =
  | { kind: 'compare'; left: MarkerValue; operator: string; right: MarkerValue }
  | { kind: 'and' | 'or'; items: Marker[] };

export const MARKER_VARIABLES = [
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system',
  'platform_version', 'platform_machine', 'platform_python_implementation', 'implementation_name',
  'implementation_version', 'extra',
];

/** Pre-PEP 508 spellings packaging still accepts. */
const ALIASES: Record<string, string> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
};

const VERSION_VARIABLES = new Set(['python_version', 'python_full_version', 'implementation_version', 'platform_release']);

export class MarkerError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Deeper than any real marker; packaging's own parser hits Python's recursion limit a few hundred levels down. */
export const MAX_MARKER_DEPTH = 100;

/** Parses marker text; offsets in errors are relative to `text`. Throws MarkerError. */
export function parseMarker(text: string): Marker {
  const parser = new MarkerParser(text);
  const marker = parser.parseOr();
  parser.skipSpace();
  if (!parser.atEnd()) throw new MarkerError('Expected end of marker expression (after marker)', parser.offset);
  return marker;
}

const KEYWORD_END = /[A-Za-z0-9_.]/;
const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const SYMBOL = /===|==|!=|<=|>=|~=|<|>/y;
const NOT_IN = /not\s+in(?![A-Za-z0-9_])/y;

class MarkerParser {
  offset = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.offset] ?? '')) this.offset++;
  }

  /** Matches a sticky pattern at the current offset without copying the rest of the text. */
  private sticky(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.offset;
    return pattern.exec(this.text)?.[0];
  }

  private keyword(word: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(word, this.offset) && !KEYWORD_END.test(this.text[this.offset + word.length] ?? '')) {
      this.offset += word.length;
      return true;
    }
    return false;
  }

  parseOr(): Marker {
    const items = [this.parseAnd()];
    while (this.keyword('or')) items.push(this.parseAnd());
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private parseAnd(): Marker {
    const items = [this.parseAtom()];
    while (this.keyword('and')) items.push(this.parseAtom());
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private parseAtom(): Marker {
    this.skipSpace();
    if (this.text[this.offset] === '(') {
      if (this.depth >= MAX_MARKER_DEPTH) throw new MarkerError(`Marker nested more than ${MAX_MARKER_DEPTH} parentheses deep`, this.offset);
      this.offset++;
      this.depth++;
      const inner = this.parseOr();
      this.depth--;
      this.skipSpace();
      if (this.text[this.offset] !== ')') throw new MarkerError('Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression', this.offset);
      this.offset++;
      return inner;
    }
    const left = this.parseValue();
    const operator = this.parseOperator();
    const right = this.parseValue();
    return { kind: 'compare', left, operator, right };
  }

  private parseValue(): MarkerValue {
    this.skipSpace();
    const quote = this.text[this.offset];
    if (quote === '"' || quote === "'") {
      const end = this.text.indexOf(quote, this.offset + 1);
      if (end < 0) throw new MarkerError('Expected a closing quote for the marker string', this.offset);
      const literal = this.text.slice(this.offset + 1, end);
      this.offset = end + 1;
      return { literal };
    }
    const word = this.sticky(WORD) ?? '';
    const variable = ALIASES[word] ?? word;
    if (!MARKER_VARIABLES.includes(variable)) {
      throw new MarkerError(word ? `Expected a marker variable or quoted string (unknown marker variable ${word})` : 'Expected a marker variable or quoted string', this.offset);
    }
    this.offset += word.length;
    return { variable };
  }

  private parseOperator(): string {
    this.skipSpace();
    const symbol = this.sticky(SYMBOL);
    if (symbol) {
      this.offset += symbol.length;
      return symbol;
    }
    if (this.keyword('in')) return 'in';
    const not = this.sticky(NOT_IN);
    if (not) {
      this.offset += not.length;
      return 'not in';
    }
    throw new MarkerError('Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in', this.offset);
  }
}

export type Environment = Record<string, string>;

function valueOf(value: MarkerValue, env: Environment): string {
  return 'literal' in value ? value.literal : (env[value.variable] ?? '');
}

function compareValues(operator: string, left: string, right: string, versionLike: boolean): boolean {
  if (operator === 'in') return right.includes(left);
  if (operator === 'not in') return !right.includes(left);
  if (versionLike && isVersion(left) && isVersion(right)) {
    const order = compareVersions(left, right);
    switch (operator) {
      case '==': case '===': return order === 0;
      case '!=': return order !== 0;
      case '<': return order < 0;
      case '<=': return order <= 0;
      case '>': return order > 0;
      case '>=': return order >= 0;
      case '~=': return order >= 0;
    }
  }
  if (operator === '==' || operator === '===') return left === right;
  if (operator === '!=') return left !== right;
  return false;
}

/** Evaluates a marker in an environment; unknown variables read as the empty string. */
export function evaluateMarker(marker: Marker, env: Environment): boolean {
  if (marker.kind !== 'compare') {
    return marker.kind === 'and' ? marker.items.every((item) => evaluateMarker(item, env)) : marker.items.some((item) => evaluateMarker(item, env));
  }
  const variable = 'variable' in marker.left ? marker.left.variable : 'variable' in marker.right ? marker.right.variable : '';
  const left = valueOf(marker.left, env);
  const right = valueOf(marker.right, env);
  return compareValues(marker.operator, left, right, VERSION_VARIABLES.has(variable));
}

/** The literal values each variable is compared with. */
function literalsByVariable(marker: Marker, into: Map<string, Set<string>>): void {
  if (marker.kind !== 'compare') {
    for (const item of marker.items) literalsByVariable(item, into);
    return;
  }
  for (const [side, other] of [[marker.left, marker.right], [marker.right, marker.left]] as const) {
    if ('variable' in side && 'literal' in other) {
      const set = into.get(side.variable) ?? new Set<string>();
      set.add(other.literal);
      into.set(side.variable, set);
    }
  }
}

/** Candidate values for one variable: each literal and, for versions, the releases just around it. */
function candidates(variable: string, literals: Set<string>): string[] {
  const values = new Set<string>(['\u0000other']);
  for (const literal of literals) {
    values.add(literal);
    for (const word of literal.split(/[\s,]+/)) if (word) values.add(word);
    if (VERSION_VARIABLES.has(variable) && /^\d+(\.\d+)*$/.test(literal)) {
      const parts = literal.split('.').map(Number);
      const last = parts.length - 1;
      values.add([...parts.slice(0, last), parts[last] + 1].join('.'));
      if (parts[last] > 0) values.add([...parts.slice(0, last), parts[last] - 1].join('.'));
      values.add(`${literal}.1`);
      values.add('0');
      values.add('999');
    }
  }
  return [...values];
}

const MAX_ENVIRONMENTS = 20000;

/**
 * True when some environment satisfies both markers (an absent marker always
 * holds). Tries every combination of the values the markers mention; when
 * there are too many it answers true, the cautious side for a duplicate check.
 */
export function markersOverlap(a: Marker | undefined, b: Marker | undefined): boolean {
  if (!a || !b) return true;
  const literals = new Map<string, Set<string>>();
  literalsByVariable(a, literals);
  literalsByVariable(b, literals);
  const variables = [...literals.keys()];
  const values = variables.map((variable) => candidates(variable, literals.get(variable) as Set<string>));
  if (values.reduce((count, list) => count * list.length, 1) > MAX_ENVIRONMENTS) return true;
  const env: Environment = {};
  const search = (index: number): boolean => {
    if (index === variables.length) return evaluateMarker(a, env) && evaluateMarker(b, env);
    for (const value of values[index]) {
      env[variables[index]] = value;
      if (search(index + 1)) return true;
    }
    return false;
  };
  return search(0);
}
