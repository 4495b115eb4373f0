// The options pip accepts in a requirements file (req_file.SUPPORTED_OPTIONS
// and SUPPORTED_OPTIONS_REQ), parsed the way optparse does: long options may
// be abbreviated to a unique prefix and take `--opt=value` or `--opt value`;
// short options take `-rvalue` or `-r value`.

export interface OptionSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  /** Allowed on a requirement line (per-requirement option). */
  perRequirement: boolean;
}

export const PIP_OPTIONS: readonly OptionSpec[] = [
  { long: '--index-url', short: '-i', takesValue: true, perRequirement: false },
  { long: '--extra-index-url', takesValue: true, perRequirement: false },
  { long: '--no-index', takesValue: false, perRequirement: false },
  { long: '--constraint', short: '-c', takesValue: true, perRequirement: false },
  { long: '--requirement', short: '-r', takesValue: true, perRequirement: false },
  { long: '--editable', short: '-e', takesValue: true, perRequirement: false },
  { long: '--find-links', short: '-f', takesValue: true, perRequirement: false },
  { long: '--no-binary', takesValue: true, perRequirement: false },
  { long: '--only-binary', takesValue: true, perRequirement: false },
  { long: '--prefer-binary', takesValue: false, perRequirement: false },
  { long: '--require-hashes', takesValue: false, perRequirement: false },
  { long: '--pre', takesValue: false, perRequirement: false },
  { long: '--trusted-host', takesValue: true, perRequirement: false },
  { long: '--use-feature', takesValue: true, perRequirement: false },
  { long: '--hash', takesValue: true, perRequirement: true },
  { long: '--config-settings', takesValue: true, perRequirement: true },
  { long: '--global-option', takesValue: true, perRequirement: true },
];

export interface Token {
  text: string;
  start: number;
  end: number;
}

export interface ParsedOption {
  spec: OptionSpec;
  value?: string;
  /** Where the option name is written. */
  nameStart: number;
  nameEnd: number;
  valueStart?: number;
  valueEnd?: number;
}

export interface OptionError {
  message: string;
  start: number;
  end: number;
}

/** shlex-like split on whitespace, honouring quotes; offsets relative to `text`. */
export function shellTokens(text: string, base = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const quote = text[i];
      if (quote === '"' || quote === "'") {
        const close = text.indexOf(quote, i + 1);
        const end = close < 0 ? text.length : close;
        value += text.slice(i + 1, end);
        i = end + 1;
      } else {
        value += text[i++];
      }
    }
    tokens.push({ text: value, start: base + start, end: base + Math.min(i, text.length) });
  }
  return tokens;
}

function findLong(name: string): OptionSpec | OptionSpec[] | undefined {
  const exact = PIP_OPTIONS.find((spec) => spec.long === name);
  if (exact) return exact;
  const prefixed = PIP_OPTIONS.filter((spec) => spec.long.startsWith(name));
  if (prefixed.length === 1) return prefixed[0];
  return prefixed.length > 1 ? prefixed : undefined;
}

/** Parses option tokens; stops at the first error, as optparse does. */
export function parseOptions(tokens: readonly Token[]): { options: ParsedOption[]; error?: OptionError } {
  const options: ParsedOption[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.text.startsWith('-') || token.text === '-') continue;
    let spec: OptionSpec | undefined;
    let attached: string | undefined;
    let nameEnd = token.end;
    let shown = token.text;
    if (token.text.startsWith('--')) {
      const eq = token.text.indexOf('=');
      const name = eq < 0 ? token.text : token.text.slice(0, eq);
      shown = name;
      const found = findLong(name);
      if (Array.isArray(found)) {
        return { options, error: { message: `${name} option is ambiguous (${found.map((s) => s.long).join(', ')})`, start: token.start, end: token.start + name.length } };
      }
      spec = found;
      if (eq >= 0) attached = token.text.slice(eq + 1);
      nameEnd = token.start + name.length;
    } else {
      shown = token.text.slice(0, 2);
      spec = PIP_OPTIONS.find((candidate) => candidate.short === shown);
      if (token.text.length > 2) attached = token.text.slice(2);
      nameEnd = token.start + 2;
    }
    if (!spec) return { options, error: { message: `no such option: ${shown}`, start: token.start, end: nameEnd } };
    const option: ParsedOption = { spec, nameStart: token.start, nameEnd };
    if (spec.takesValue) {
      if (attached !== undefined && attached !== '') {
        option.value = attached;
        option.valueStart = token.start + (token.text.startsWith('--') ? token.text.indexOf('=') + 1 : 2);
        option.valueEnd = token.end;
      } else if (i + 1 < tokens.length) {
        const next = tokens[++i];
        option.value = next.text;
        option.valueStart = next.start;
        option.valueEnd = next.end;
      } else {
        return { options, error: { message: `${shown} option requires 1 argument`, start: token.start, end: nameEnd } };
      }
    } else if (attached !== undefined) {
      return { options, error: { message: `${spec.long} option does not take a value`, start: token.start, end: token.end } };
    }
    options.push(option);
  }
  return { options };
}
