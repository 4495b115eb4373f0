import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../../server/src/core/config';
import { lintText } from '../../server/src/engine/lint';
import { TreeCache } from '../../server/src/lsp/incremental';
import { initPythonParser, type Tree } from '../../server/src/python/parse';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/python');
/** Random edits per run; FUZZ_EDITS=5000 for a long run. */
const EDITS = Number(process.env.FUZZ_EDITS ?? 600);
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

/** Text typed at random: tokens that open and close strings, brackets, blocks, imports, globals and suppressions. */
const TYPED = [
  ' ', '\n', '\n    ', 'x', '(', ')', '[', ']', '"', "'", '"""', '#', ':', ',', '.', '=', '\\', '\t',
  'print(x)', 'import pytz\n', 'from datetime import datetime\n', 'global y\n', 'y = []\n', 'def f():\n    ',
  'async def g():\n    ', 'class C:\n    ', '  # stacklint: disable=print-call', '  # noqa', 'except:', 'f"{x}"',
];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 6 }),
  text: fc.oneof(fc.constantFrom(...TYPED), fc.string({ maxLength: 3 })),
});

/**
 * The server re-parses an edited document incrementally (TreeCache replays
 * each change onto the last tree): the findings must equal those of a
 * fresh lint of the same text, after every edit.
 */
describe('incremental linting equals a fresh lint', function () {
  this.timeout(600_000);
  before(() => initPythonParser());

  it(`after each of ${EDITS} random edits to real files`, () => {
    const files = fixtureFiles();
    const config = defaultConfig(FIXTURES);
    let checked = 0;
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: EDITS_PER_RUN }), (index, edits) => {
        const { path, text } = files[index];
        const uri = `file://${path}`;
        const cache = new TreeCache();
        let document = TextDocument.create(uri, 'python', 1, text);
        const lint = (previous?: Tree) => {
          const trees: { previous?: unknown; next?: unknown } = { previous };
          const findings = lintText(path, document.getText(), config, { trees });
          return { findings, next: trees.next as Tree };
        };
        cache.store(uri, 1, lint().next);
        try {
          for (const [i, { at, remove, text: typed }] of edits.entries()) {
            const version = i + 2;
            const length = document.getText().length;
            const start = Math.floor(at * length);
            const end = Math.min(length, start + remove);
            const range = { start: document.positionAt(start), end: document.positionAt(end) };
            document = cache.update(document, [{ range, text: typed }], version);
            const previous = cache.previous(uri, version);
            assert.ok(previous, 'the edited tree is reused, so the incremental path is what is compared');
            const incremental = lint(previous);
            cache.store(uri, version, incremental.next);
            const fresh = lintText(path, document.getText(), config);
            assert.deepEqual(incremental.findings, fresh, `after edit ${i + 1} of ${path}:\n${document.getText()}`);
            checked++;
          }
        } finally {
          cache.drop(uri);
        }
      }),
      { numRuns: Math.ceil(EDITS / ((EDITS_PER_RUN + 1) / 2)), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    assert.ok(checked >= EDITS * 0.7, `only ${checked} edits were checked`);
  });
});
