import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../../server/src/core/config';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { TreeCache } from '../../server/src/lsp/incremental';
import { initPythonParser, type Tree } from '../../server/src/python/parse';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/python');
/** Random edits checked; FUZZ_EDITS=20000 for a long run. */
const EDITS = Number(process.env.FUZZ_EDITS ?? 3000);
const EDITS_PER_RUN = 12;

/** Every rule's fixtures (true findings, fixes, near misses): real files whose findings edits can make and break. */
/** The rule fixtures, but file-not-linted's: a file the parser refuses has no tree to reuse. */
function fixtureFiles(): { path: string; text: string }[] {
  return readdirSync(FIXTURES).filter((rule) => rule !== 'file-not-linted').flatMap((rule) =>
    readdirSync(join(FIXTURES, rule))
      .filter((name) => name.endsWith('.py'))
      .map((name) => ({ path: join(FIXTURES, rule, name), text: readFileSync(join(FIXTURES, rule, name), 'utf8') })),
  );
}

/**
 * A class-heavy module: a class's body statements are units of their own,
 * and what one binds (or its header's type parameters) the others read.
 */
const CLASSES = `"""Accounts."""
import logging
from datetime import datetime

TABLE = "users"


@register
class Account(Base):
    """An account."""

    created = Column(default=datetime.utcnow)
    name = "x"; limit = 2
    SELECT = "SELECT * FROM " + TABLE
    OPS = {"eq": "= %s"}

    def load(self, cur, key):
        print("load", key)
        cur.execute(self.SELECT + " WHERE id = " + key)
        return datetime.now()

    async def refresh(self, client):
        try:
            client.get("u")
        except:
            pass

    class Meta:
        stamp = datetime.today()
        print(stamp)


class Empty: pass
print("done")


# An import after the code: a fix adding a logger writes below it, after the statements it fixes.
from os import path
`;

/** Text typed at random: tokens that open and close strings, brackets, blocks, imports, globals and suppressions. */
const TYPED = [
  ' ', '\n', '\n    ', 'x', '(', ')', '[', ']', '"', "'", '"""', '#', ':', ',', '.', '=', '\\', '\t',
  'print(x)', 'import pytz\n', 'from datetime import datetime\n', 'global y\n', 'y = []\n', 'def f():\n    ',
  'async def g():\n    ', 'class C:\n    ', '  # stacklint: disable=print-call', '  # noqa', 'except:', 'f"{x}"',
  // Module-level facts a fix elsewhere reads: a logger to reuse, imports it adds or drops, names it must not shadow.
  'import logging\n', 'logger = logging.getLogger(__name__)\n', 'import sys\n', 'from datetime import timezone\n', 'log = 1\n',
  // What a class body's statements tell each other: class-level names, type parameters, a method turned static.
  '    print = 1\n', '    logger = logging.getLogger(__name__)\n', '[print]', '@staticmethod\n    ', '    OPS.update(x)\n', '    cur.execute(query)\n',
  // What SQL elsewhere reads: constants, class attributes, containers changed in place, a variable run later, an import a fix adds.
  'TABLE = "users"\n', 'TABLE = name\n', 'Q.TABLE = x\n', 'setattr(Q, "TABLE", x)\n', 'TABLES.update(x)\n', 'cur.execute(query)\n',
  'text(query)\n', 'query = "SELECT * FROM t WHERE a = " + x\n', 'from sqlalchemy import text\n', 'text = 1\n',
];

const edit = fc.record(
  {
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 6 }),
    text: fc.oneof(fc.constantFrom(...TYPED), fc.string({ maxLength: 3 })),
    // At the start of the line `at` falls on: indenting and dedenting a statement, which moves it in or out of the module's top level.
    lineStart: fc.boolean(),
  },
  { requiredKeys: ['at', 'remove', 'text'] },
);

/**
 * The server re-parses an edited document incrementally (TreeCache replays
 * each change onto the last tree) and re-checks only the statements the edit
 * touched, keeping the other statements' findings (engine/incremental.ts):
 * the findings, fixes included, must equal those of a fresh lint of the same
 * text after every edit.
 */
/** A fixed seed by default, so CI is the same run every time; FUZZ_SEED=random explores, FUZZ_SEED=N replays. */
const FUZZ_SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261202);

describe('incremental linting equals a fresh lint', function () {
  this.timeout(600_000);
  before(() => initPythonParser());

  it(`after each of ${EDITS} random edits to real files`, () => {
    const files = [...fixtureFiles(), { path: join(FIXTURES, 'print-call', 'classes.py'), text: CLASSES }];
    const config = defaultConfig(FIXTURES);
    let checked = 0;
    let reused = 0;
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: EDITS_PER_RUN }), (index, edits) => {
        checked += replayEdits(files[index], edits, config, () => reused++);
      }),
      { numRuns: Math.ceil(EDITS / ((EDITS_PER_RUN + 1) / 2)), seed: FUZZ_SEED },
    );
    assert.ok(checked >= EDITS * 0.7, `only ${checked} edits were checked`);
    // Most edits must take the incremental path, or the comparison proves nothing about it.
    assert.ok(reused >= checked * 0.2, `only ${reused} of ${checked} lints kept findings of untouched statements`);
    console.log(`      ${checked} edits checked, ${reused} of them linted incrementally`);
  });

  /**
   * Found by seed -1494836096: tree-sitter's incremental parse recovered from
   * the error on the first line by keeping the statements after it, where a
   * fresh parse swallows them into an ERROR, so `print(x)` was reported only
   * by the fresh lint. A broken tree is now parsed from scratch.
   */
  it('an edit that leaves a syntax error lints as a fresh parse of the text does', () => {
    const path = join(FIXTURES, 'bare-except', 'findings.py');
    const edits = [
      { at: 0, remove: 0, text: 'print(x)' },
      { at: 0, remove: 0, text: 'y = []\n' },
      { at: 0, remove: 3, text: '  # stacklint: disable=print-call' },
      { at: 0, remove: 3, text: 'def f():\n    ' },
      { at: 0, remove: 1, text: '' },
    ];
    assert.equal(replayEdits({ path, text: readFileSync(path, 'utf8') }, edits, defaultConfig(FIXTURES)), edits.length);
  });

  /**
   * Edits whose effect reaches other statements only through whole-file
   * facts: a fix elsewhere must change with them (random edits to the
   * fixtures rarely make these).
   */
  for (const [what, text, from, to] of [
    ['removing the other use of an import changes a fix that drops it', 'import sys\n\n\ndef a():\n    return sys.argv\n\n\nprint("x", file=sys.stdout)\n', 'sys.argv', 'None'],
    ['a module-level name bound elsewhere changes the import a fix adds', 'from datetime import datetime\n\nx = 1\n\nstamp = datetime.now()\n', 'x = 1', 'timezone = 1'],
    ['a logger defined elsewhere changes a print fix', 'import logging\n\nlog = 1\n\n\ndef f():\n    print("x")\n', 'log = 1', 'log = logging.getLogger(__name__)'],
    ['renaming a module-level function changes what a call elsewhere resolves to', 'def print(*args):\n    pass\n\n\ndef f():\n    print("x")\n', 'def print', 'def prin'],
    ['a string naming an import keeps it', 'import sys\n\n__all__ = ["x"]\n\nprint("x", file=sys.stdout)\n', '"x"', '"sys"'],
    ['indenting a module-level logger makes a print fix stop using it', 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef f():\n    print("x")\n', 'logger =', ' logger ='],
    ['moving a logger inside a broken statement changes a print fix', 'import logging\nlog = logging.getLogger(__name__\ndef f(x)):global y\n    print("done")\n)', 'log =', 'x log ='],
    // Found by review: the rule read these as bindings, and no fact said so.
    ['a constant used as a key elsewhere keeps SQL built from it safe', 'TABLE = "users"\nd = {}\nd[OTHER] = 1\n\n\ndef f(cur):\n    cur.execute("SELECT * FROM %s" % TABLE)\n', 'd[OTHER]', 'd[TABLE]'],
    ['an annotation elsewhere gives a query variable no text', 'r: str\nq = "SELECT * FROM t WHERE "\nq += "a = %s" % value\nrun(q)\n', 'r: str', 'q: str'],
    ['a fix of a statement before the edit that inserts after it moves with the lines the edit adds', 'import os\n\n\nclass A:\n    def f(self):\n        print("x")\n\n    def g(self):\n        return 1\n\n\nfrom datetime import datetime\n', 'return 1', 'return 1\n'],
  ] as const) {
    it(what, () => {
      const { findings, fresh } = lintAfterEdit(text, from, to);
      assert.deepEqual(findings, fresh);
    });
  }
  /**
   * A class body is cut into its statements, as the module is: an edit
   * inside one method re-checks that method, and what a body statement binds
   * in the class is a fact of that statement.
   */
  const CLASS = 'import logging\n\nlog = logging.getLogger(__name__)\n\n\nclass Report:\n    """A report."""\n\n    TABLE = "users"\n    shout = log\n    banner = print("x")\n\n    def first(self):\n        print("a")\n        return 1\n\n    def second(self, cur):\n        cur.execute("SELECT * FROM %s" % self.TABLE)\n        print("b")\n';
  it('an edit inside one method keeps the findings of the other statements of its class', () => {
    const { findings, reused, units, fresh } = lintAfterEdit(CLASS, 'return 1', 'return 2');
    assert.equal(reused, true);
    // The imports, the logger, the class header, and the class's six body statements.
    assert.equal(units, 9);
    assert.ok(findings.some((f) => f.rule === 'print-call' && f.range.start.line === 18), 'the other method keeps its finding');
    assert.deepEqual(findings, fresh);
  });
  /**
   * Edits that change a finding in a statement they do not touch: SQL built
   * in one statement is judged by what others do to the values it reads,
   * and a class's statements read what the others bind.
   */
  for (const [what, text, from, to, rule] of [
    ['a class constant changed in its class body makes SQL elsewhere unsafe', 'class Q:\n    TABLE = "users"\n\n\ndef f(cur):\n    cur.execute("SELECT * FROM %s" % Q.TABLE)\n', '"users"', 'name', 'sql-string-formatting'],
    ['an attribute assigned elsewhere makes a class constant unsafe', 'class Q:\n    TABLE = "users"\n\n\nQ.OTHER = name\n\n\ndef f(cur):\n    cur.execute("SELECT * FROM %s" % Q.TABLE)\n', 'Q.OTHER', 'Q.TABLE', 'sql-string-formatting'],
    ['an attribute set by setattr elsewhere makes a class constant unsafe', 'class Q:\n    TABLE = "users"\n\n\nsetattr(Q, "OTHER", name)\n\n\ndef f(cur):\n    cur.execute("SELECT * FROM %s" % Q.TABLE)\n', '"OTHER"', '"TABLE"', 'sql-string-formatting'],
    ['a module-level dict changed in place elsewhere makes SQL unsafe', 'TABLES = {"a": "users"}\nOTHERS.update(extra)\ncur.execute("SELECT * FROM %s" % TABLES[key])\n', 'OTHERS.update', 'TABLES.update', 'sql-string-formatting'],
    ['a module-level constant rebound elsewhere makes SQL unsafe', 'TABLE = "users"\n\n\ndef f(cur):\n    cur.execute("SELECT * FROM %s" % TABLE)\n', '"users"', 'name', 'sql-string-formatting'],
    ['a module-level variable run as SQL elsewhere makes its text SQL', 'clause = "name = " + value\nrun(clause)\n', 'run(clause)', 'cur.execute(clause)', 'sql-string-formatting'],
    ['a variable whose name is not ASCII run as SQL elsewhere makes its text SQL', '\uff51 = "name = " + value\nrun(\uff51)\n', 'run(', 'cur.execute(', 'sql-string-formatting'],
    ['a class constant changed in its own body statement makes SQL in a method unsafe', CLASS, '"users"', 'name', 'sql-string-formatting'],
    ['a class-level name rebound in one body statement changes what another calls', CLASS, 'shout = log', 'print = log', 'print-call'],
    // Found by review: a class's type parameters, sinks and containers changed in place in its body.
    ['a type parameter of the class header shadows a name its methods call', 'import os\n\nclass A:\n    x = 1\n\n    def f(self):\n        print("x")\n', 'class A:', 'class A[print]:', 'print-call'],
    ['a variable of the class body run as SQL in another body statement makes its text SQL', 'import os\n\n\nclass A:\n    query = "name = " + os.environ["X"]\n    cur.executx(query)\n', 'executx', 'execute', 'sql-string-formatting'],
    ['a dict of the class body changed in place in another body statement makes SQL unsafe', 'import os\n\n\nclass A:\n    OPS = {"a": "x = 1"}\n    y.get(1)\n    cur.execute("SELECT * FROM t WHERE " + OPS["a"])\n', 'y.get', 'OPS.update', 'sql-string-formatting'],
  ] as const) {
    it(what, () => {
      const config = defaultConfig(FIXTURES);
      const before = lintText(join(FIXTURES, 'print-call', 'edited.py'), text, config).filter((f) => f.rule === rule);
      const { findings, fresh } = lintAfterEdit(text, from, to);
      assert.notDeepEqual(fresh.filter((f) => f.rule === rule), before, 'the edit changes a finding in another statement');
      assert.deepEqual(findings, fresh);
    });
  }
  /**
   * Whether an edit keeps the other statements' findings turns on the
   * edited statement's facts, compared by tokens: layout inside a literal is
   * not a change, text inside a string is.
   */
  for (const [what, from, to, incremental] of [
    ['a trailing space inside a multi-line constant keeps the lint incremental', '    "a",\n', '    "a", \n', true],
    ['re-indenting a line of a multi-line constant keeps the lint incremental', '    "b c",\n', '        "b c",\n', true],
    ['a space added inside a string of a constant lints the whole file', '"b c"', '"b  c"', false],
  ] as const) {
    it(what, () => {
      const text = 'import sys\n\nNAMES = [\n    "a",\n    "b c",\n]\n\n\ndef f():\n    print(NAMES, file=sys.stdout)\n';
      const { findings, reused, fresh } = lintAfterEdit(text, from, to);
      assert.equal(reused, incremental);
      assert.ok(findings.length > 0, 'the print call outside the edited statement is found');
      assert.deepEqual(findings, fresh);
    });
  }
});

/**
 * Applies the edits one by one as the server does (TreeCache replays each
 * change onto the last tree, the lint keeps the last lint's memory) and
 * asserts after each that the findings, fixes included, equal a fresh lint
 * of the same text. `at` is a fraction of the text's length, moved to the
 * start of its line when `lineStart` is set. Returns how many
 * edits were checked; `onReused` is called for each lint that kept findings.
 */
function replayEdits(file: { path: string; text: string }, edits: readonly { at: number; remove: number; text: string; lineStart?: boolean }[], config: ReturnType<typeof defaultConfig>, onReused = () => {}): number {
  const { path, text } = file;
  const uri = `file://${path}`;
  const cache = new TreeCache();
  let document = TextDocument.create(uri, 'python', 1, text);
  const lint = (previous?: Tree, remembered?: LintOptions['memory']) => {
    const trees: { previous?: unknown; next?: unknown } = { previous };
    const memory: NonNullable<LintOptions['memory']> = { previous: remembered?.next };
    const findings = lintText(path, document.getText(), config, { trees, memory });
    if (memory.reused) onReused();
    return { findings, next: trees.next as Tree, memory };
  };
  const first = lint();
  cache.store(uri, 1, first.next, first.memory.next);
  let checked = 0;
  try {
    for (const [i, { at, remove, text: typed, lineStart }] of edits.entries()) {
      const version = i + 2;
      const length = document.getText().length;
      const offset = Math.floor(at * length);
      const start = lineStart ? document.offsetAt({ line: document.positionAt(offset).line, character: 0 }) : offset;
      const end = Math.min(length, start + remove);
      const range = { start: document.positionAt(start), end: document.positionAt(end) };
      document = cache.update(document, [{ range, text: typed }], version);
      const previous = cache.previous(uri, version);
      assert.ok(previous, 'the edited tree is reused, so the incremental path is what is compared');
      const incremental = lint(previous, { next: cache.memory(uri, version) });
      cache.store(uri, version, incremental.next, incremental.memory.next);
      const fresh = lintText(path, document.getText(), config);
      assert.deepEqual(incremental.findings, fresh, `after edit ${i + 1} of ${path}:\n${document.getText()}`);
      checked++;
    }
  } finally {
    cache.drop(uri);
  }
  return checked;
}

/** Lints `text`, replaces `from` with `to` as an editor would, and lints again on the incremental path; with a fresh lint of the result. */
function lintAfterEdit(text: string, from: string, to: string) {
  const path = join(FIXTURES, 'print-call', 'edited.py');
  const config = defaultConfig(FIXTURES);
  const uri = `file://${path}`;
  const cache = new TreeCache();
  const trees: { previous?: unknown; next?: unknown } = {};
  const memory: NonNullable<LintOptions['memory']> = {};
  lintText(path, text, config, { trees, memory });
  cache.store(uri, 1, trees.next as Tree, memory.next);
  const document = TextDocument.create(uri, 'python', 1, text);
  const start = text.indexOf(from);
  const edited = cache.update(document, [{ range: { start: document.positionAt(start), end: document.positionAt(start + from.length) }, text: to }], 2);
  const next: { previous?: unknown; next?: unknown } = { previous: cache.previous(uri, 2) };
  const second: NonNullable<LintOptions['memory']> = { previous: cache.memory(uri, 2) };
  try {
    const findings = lintText(path, edited.getText(), config, { trees: next, memory: second });
    return { findings, reused: !!second.reused, units: second.next?.units.length, fresh: lintText(path, edited.getText(), config) };
  } finally {
    cache.drop(uri);
  }
}
