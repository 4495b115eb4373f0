import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { initPythonParser } from '../../server/src/python/parse';
import { parsesAsPython } from '../../server/src/python/syntax';
import { checkInput } from '../support/fuzz';

// Compiles each text as a file's bytes (a leading BOM is dropped, a lone CR
// is a line break) and answers whether each compiled.
const COMPILES = `
import sys, json, warnings
warnings.simplefilter("ignore")
def ok(src):
    try:
        compile(src.encode("utf-8", "surrogatepass"), "<t>", "exec", dont_inherit=True)
        return True
    except Exception:
        return False
json.dump([ok(s) for s in json.load(sys.stdin)], sys.stdout)
`;

function python3Compiles(texts: string[]): boolean[] {
  return JSON.parse(execFileSync('python3', ['-c', COMPILES], { input: JSON.stringify(texts), encoding: 'utf8' })) as boolean[];
}

/** Characters tree-sitter-python and Python may read differently: line breaks, whitespace and invisible characters. */
const CHARACTERS = ['\n', '\r\n', '\v', '\f', '\r', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029', '\u00a0', '\ufeff', '\u200b', '\u2060', '\0'];

/**
 * Places for a character: in code, at a line's end, at a line's start, in a
 * string, a comment, an f-string's expression, after a continuation. (Not a
 * line break right after a `\` continuation: tree-sitter reads the blank line
 * as part of the statement, Python ends the statement there.)
 */
const PLACES = [
  'x = 1{c}+ 2\n',
  'if x:\n    y = 1{c}\n    y = 2\n',
  'if x:\n    y = 1{c}\n    # note\n    y = 2\n',
  'x = 1\n{c}y = 2\n',
  'x = 1\n{c}\ny = 2\n',
  'x = "a{c}b"\n',
  'x = "a\\{c}b"\n',
  'x = "# a{c}b"\n',
  "x = f'{y}a{c}b'\n",
  'x = """a{c}\nb"""\n',
  'x = 1  # a{c}b\ny = 2\n',
  'x = f"""{y{c}}"""\n',
  'x = (1,\n{c}2)\n',
  'x = 1 + \\\n  2{c}\n',
  '{c}x = 1\n',
];

describe('parsesAsPython', () => {
  before(() => initPythonParser());

  it('agrees with python3 on every placement of characters the two could read differently', () => {
    const texts = CHARACTERS.flatMap((c) => PLACES.map((place) => place.replace('{c}', c)));
    const compiled = python3Compiles(texts);
    const disagreements = texts.flatMap((text, i) => (parsesAsPython(text) === compiled[i] ? [] : [`${JSON.stringify(text)}: python3 ${compiled[i] ? 'compiles' : 'refuses'}`]));
    assert.deepEqual(disagreements, []);
  });

  it('reads a CR-only file as Python does, with each CR a line break', () => {
    assert.equal(parsesAsPython('import os\rif os:\r    x = 1\r'), true);
  });

  it('the fuzz input whose unused-suppression fix looked like it broke the syntax: Python never compiled it, and no property fails', () => {
    const text = 'pytz.timezone("UTC")\v\r# stacklint: disable=print-callfor logger in xs:\n    f"{x}"';
    assert.deepEqual(python3Compiles([text]), [false]);
    assert.deepEqual(checkInput({ kind: 'python', text }, { msPerKb: 200, maxFixes: 10 }).problems, []);
  });
});
