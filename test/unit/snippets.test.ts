import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { defaultConfig } from '../../server/src/core/config';
import { initPythonParser } from '../../server/src/python/parse';
import { lintOrFail } from '../support/lint';
import { assertCompiles } from '../support/python';

// ---------------------------------------------------------------------------
// VS Code snippet syntax, expanded the way the editor does when the user
// accepts every default: https://code.visualstudio.com/docs/editing/userdefinedsnippets#_grammar
// ---------------------------------------------------------------------------

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: SnippetNode[] | undefined };

/** Values VS Code would give the variables our snippets may use, for a file app/snippet.py. */
const VARIABLES: Record<string, string> = {
  TM_FILENAME: 'snippet.py',
  TM_FILENAME_BASE: 'snippet',
  TM_DIRECTORY: '/work/service/app',
  TM_FILEPATH: '/work/service/app/snippet.py',
  RELATIVE_FILEPATH: 'app/snippet.py',
  WORKSPACE_NAME: 'service',
  CURRENT_YEAR: '2026',
  LINE_COMMENT: '#',
};

class SnippetParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    const nodes = this.sequence(new Set());
    if (this.position < this.source.length) throw this.error('unexpected "}"');
    return nodes;
  }

  /** Reads nodes until an unescaped character of `stops` (not consumed). */
  private sequence(stops: Set<string>): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    for (let next = this.peek('$}\\'); next; next = this.peek('$}\\')) {
      if (!next.escaped && stops.has(next.char)) break;
      if (!next.escaped && next.char === '$' && this.startsElement()) {
        if (text) nodes.push({ kind: 'text', value: text });
        text = '';
        nodes.push(this.element());
      } else {
        text += next.char;
        this.position += next.width;
      }
    }
    if (text) nodes.push({ kind: 'text', value: text });
    return nodes;
  }

  /** The character at the position, or the one after a backslash when it is one of `escapable`; not consumed. */
  private peek(escapable: string): { char: string; escaped: boolean; width: number } | undefined {
    if (this.position >= this.source.length) return undefined;
    const after = this.source[this.position + 1];
    if (this.source[this.position] === '\\' && after !== undefined && escapable.includes(after)) return { char: after, escaped: true, width: 2 };
    return { char: this.source[this.position], escaped: false, width: 1 };
  }

  private startsElement(): boolean {
    return /^\$(\d|[A-Za-z_]|\{)/.test(this.source.slice(this.position, this.position + 2));
  }

  private element(): SnippetNode {
    this.position += 1;
    if (this.source[this.position] !== '{') {
      const match = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.position))!;
      this.position += match[0].length;
      return this.reference(match[0], undefined);
    }
    this.position += 1;
    const match = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.position));
    if (!match) throw this.error('"${" needs a tabstop number or a variable name');
    this.position += match[0].length;
    const next = this.source[this.position];
    if (next === '}') {
      this.position += 1;
      return this.reference(match[0], undefined);
    }
    if (next === ':') {
      this.position += 1;
      const children = this.sequence(new Set(['}']));
      this.expect('}');
      return this.reference(match[0], children);
    }
    if (next === '|' && /^\d+$/.test(match[0])) {
      this.position += 1;
      return { kind: 'choice', index: Number(match[0]), options: this.choiceOptions() };
    }
    if (next === '/') throw this.error('transforms are not supported by this expander; add them here before using one');
    throw this.error(`unexpected "${next ?? 'end of snippet'}"`);
  }

  private reference(name: string, children: SnippetNode[] | undefined): SnippetNode {
    if (/^\d+$/.test(name)) return { kind: 'tabstop', index: Number(name), children: children ?? [] };
    return { kind: 'variable', name, children };
  }

  private choiceOptions(): string[] {
    const options: string[] = [];
    let option = '';
    for (let next = this.peek(',|\\'); next; next = this.peek(',|\\')) {
      this.position += next.width;
      if (!next.escaped && next.char === ',') {
        options.push(option);
        option = '';
      } else if (!next.escaped && next.char === '|' && this.source[this.position] === '}') {
        this.position += 1;
        return [...options, option];
      } else {
        option += next.char;
      }
    }
    throw this.error('unterminated choice');
  }

  private expect(char: string): void {
    if (this.source[this.position] !== char) throw this.error(`expected "${char}"`);
    this.position += 1;
  }

  private error(message: string): Error {
    return new Error(`snippet syntax at offset ${this.position}: ${message}\n${this.source}`);
  }
}

function parseSnippet(body: string): SnippetNode[] {
  return new SnippetParser(body).parse();
}

/** Each tabstop's value: its first occurrence that has a default (mirrors copy it, as in VS Code). */
function tabstopDefaults(nodes: SnippetNode[], defaults = new Map<number, SnippetNode[]>()): Map<number, SnippetNode[]> {
  for (const node of nodes) {
    if (node.kind === 'tabstop') {
      if (node.children.length > 0 && !defaults.has(node.index)) defaults.set(node.index, node.children);
      tabstopDefaults(node.children, defaults);
    } else if (node.kind === 'choice' && !defaults.has(node.index)) {
      defaults.set(node.index, [{ kind: 'text', value: node.options[0] }]);
    } else if (node.kind === 'variable' && node.children) {
      tabstopDefaults(node.children, defaults);
    }
  }
  return defaults;
}

function render(nodes: SnippetNode[], defaults: Map<number, SnippetNode[]>): string {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
        return node.value;
      case 'tabstop':
      case 'choice':
        return render(defaults.get(node.index) ?? [], defaults);
      case 'variable':
        // VS Code inserts an unknown variable's name as a placeholder.
        return VARIABLES[node.name] ?? (node.children ? render(node.children, defaults) : node.name);
    }
  }).join('');
}

function expandSnippet(body: string | string[]): string {
  const nodes = parseSnippet(Array.isArray(body) ? body.join('\n') : body);
  return render(nodes, tabstopDefaults(nodes));
}

/** Placeholders of one tabstop that disagree on their default: the editor would show only the first. */
function conflictingMirrors(nodes: SnippetNode[]): number[] {
  const seen = new Map<number, string>();
  const conflicts = new Set<number>();
  const visit = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop' && node.children.length > 0) {
        const text = JSON.stringify(node.children);
        if (seen.has(node.index) && seen.get(node.index) !== text) conflicts.add(node.index);
        seen.set(node.index, seen.get(node.index) ?? text);
        visit(node.children);
      }
      if (node.kind === 'variable' && node.children) visit(node.children);
    }
  };
  visit(nodes);
  return [...conflicts];
}

// ---------------------------------------------------------------------------
// The snippet files.
// ---------------------------------------------------------------------------

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

const SNIPPET_FILES = ['python', 'pip-requirements', 'dockerfile', 'toml'] as const;

function loadSnippets(language: (typeof SNIPPET_FILES)[number]): [string, Snippet][] {
  const path = join(__dirname, '..', '..', '..', 'snippets', `${language}.json`);
  return Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, Snippet>);
}

/** Issue 3's list of standard patterns, by prefix. */
const REQUIRED_PREFIXES = [
  'sl-fastapi-app', 'sl-engine', 'sl-model', 'sl-schema', 'sl-httpx', 'sl-test', 'sl-settings', 'sl-get-db',
  'sl-jwt-verify', 'sl-logger', 'sl-log', 'sl-utc-now', 'sl-fernet', 'sl-lru-cache', 'sl-query', 'sl-try',
  'sl-celery-task', 'sl-requirements', 'sl-requirements-dev', 'sl-dockerfile', 'sl-black', 'sl-mypy',
];

/** The file each dependency snippet belongs in: production or development requirements. */
const REQUIREMENTS_FILE: Record<string, string> = {
  'sl-requirements': 'requirements.txt',
  'sl-requirements-dev': 'requirements-dev.txt',
};

/** Snippet bodies and what the editor inserts for them when the user accepts every default. */
const EXPANSIONS = [
  { shows: 'tabstops', body: 'a$1b${2}c$0', expanded: 'abc' },
  { shows: 'nested placeholders and their mirrors', body: '${1:outer ${2:inner}} and $2', expanded: 'outer inner and inner' },
  { shows: 'a choice as its first option, mirrored', body: '${1|RS256,ES256|} ${1}', expanded: 'RS256 RS256' },
  { shows: 'an escaped comma in a choice', body: '${1|a\\,b,c|}', expanded: 'a,b' },
  { shows: 'known variables, and unknown ones as their default or name', body: '$TM_FILENAME_BASE ${UNKNOWN_VAR:fallback} ${UNKNOWN_VAR} $UNKNOWN_VAR', expanded: 'snippet fallback UNKNOWN_VAR UNKNOWN_VAR' },
  { shows: 'escapes, and `$` and braces that start nothing', body: '\\$1 \\} \\\\ {"a": 1} $', expanded: '$1 } \\ {"a": 1} $' },
  { shows: "a placeholder's default in its plain mirrors", body: '${1:x} $1 ${1}', expanded: 'x x x' },
];

describe('Snippet expansion', () => {
  for (const { shows, body, expanded } of EXPANSIONS) {
    it(`expands ${shows}`, () => {
      assert.equal(expandSnippet(body), expanded);
    });
  }

  it('rejects broken snippet syntax', () => {
    assert.throws(() => parseSnippet('${1:unclosed'), /expected "}"/);
    assert.throws(() => parseSnippet('${1|a,b'), /unterminated choice/);
    assert.throws(() => parseSnippet('${:x}'), /tabstop number or a variable/);
    assert.throws(() => parseSnippet('${1/(.*)/$1/}'), /transforms/);
  });
});

describe('Snippets', () => {
  before(() => initPythonParser());

  const all = SNIPPET_FILES.flatMap((language) => loadSnippets(language).map(([name, snippet]) => ({ language, name, snippet })));

  it('every snippet has an sl- prefix, a description and a body, and prefixes are unique', () => {
    const prefixes = all.map(({ snippet }) => snippet.prefix);
    for (const { name, snippet } of all) {
      assert.match(snippet.prefix, /^sl-[a-z0-9-]+$/, name);
      assert.ok(snippet.description.length > 20, `${name} has a description`);
      assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, `${name} has a body`);
    }
    assert.equal(new Set(prefixes).size, prefixes.length, `duplicate prefix in ${prefixes.join(', ')}`);
  });

  it('covers every standard pattern issue 3 lists', () => {
    const prefixes = new Set(all.map(({ snippet }) => snippet.prefix));
    assert.deepEqual(REQUIRED_PREFIXES.filter((prefix) => !prefixes.has(prefix)), []);
  });

  for (const { language, name, snippet } of all) {
    describe(`${language}: ${snippet.prefix} (${name})`, () => {
      it('parses, and mirrored placeholders agree on their default', () => {
        assert.deepEqual(conflictingMirrors(parseSnippet(snippet.body.join('\n'))), []);
      });

      if (language === 'python') {
        it('expands to Python that compiles and stacklint reports nothing on', () => {
          const source = expandSnippet(snippet.body);
          assertCompiles(source, 'snippet.py');
          assertLintsClean(join('app', 'snippet.py'), source);
        });
      }
      if (language === 'pip-requirements') {
        it('expands to a requirements file stacklint reports nothing on', () => {
          const file = REQUIREMENTS_FILE[snippet.prefix];
          assert.ok(file, `${snippet.prefix} needs an entry in REQUIREMENTS_FILE`);
          assertLintsClean(file, expandSnippet(snippet.body));
        });
      }
      if (language === 'toml') {
        it('expands to valid TOML that stacklint reports nothing on as pyproject.toml', () => {
          const source = `[project]\nname = "service"\nversion = "1.0.0"\nrequires-python = ">=3.11"\n\n${expandSnippet(snippet.body)}`;
          parseToml(source);
          assertLintsClean('pyproject.toml', source);
        });
      }
      if (language === 'dockerfile') {
        it('expands to a Dockerfile on the standard base image with a health check, which stacklint reports nothing on', () => {
          const source = expandSnippet(snippet.body);
          assert.match(source, /^FROM python:3\.11-slim$/m);
          assert.match(source, /^HEALTHCHECK .*\\\n\s+CMD /m);
          assert.match(source, /^CMD \["uvicorn", "app\.main:app", "--host", "0\.0\.0\.0", "--port", "8010"\]$/m);
          assertLintsClean('Dockerfile', source);
        });
      }
    });
  }
});

/** Lints `source` as if it were `relativePath` in a fresh project with default settings. */
function assertLintsClean(relativePath: string, source: string): void {
  const root = mkdtempSync(join(tmpdir(), 'stacklint-snippet-'));
  try {
    const findings = lintOrFail(join(root, relativePath), source, defaultConfig(root));
    assert.deepEqual(findings.map((f) => `${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`), [], source);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
