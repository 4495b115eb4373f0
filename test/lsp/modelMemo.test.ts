import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../../server/src/core/config';
import { lintAsEditor } from '../support/editorLint';
import { collectGarbage } from '../../server/src/lsp/memory';
import { TreeCache } from '../../server/src/lsp/incremental';
import type { PythonFile } from '../../server/src/python/file';
import { pythonModule } from '../../server/src/python/module';
import { keptAnchors } from '../../server/src/python/keptNodes';
import { MAX_REMEMBERED_CHARS, rememberedStatements } from '../../server/src/python/modelMemo';
import { initPythonParser, releaseTree, type Node, type Tree } from '../../server/src/python/parse';
import type { Binding, Scope } from '../../server/src/python/scopes';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/python');
/** Random edits checked; FUZZ_EDITS=20000 for a long run. */
const EDITS = Number(process.env.FUZZ_EDITS ?? 1500);
const FUZZ_SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261203);

/** Text typed at random: what opens and closes strings, brackets and blocks, and what binds, imports, declares and calls. */
const TYPED = [
  ' ', '\n', '\n    ', 'x', '(', ')', '"', '#', ':', '.', '=', 'print(x)', 'import pytz\n', 'from os import path as p\n',
  'global y\n', 'y = []\n', 'def f(a, *b, c=1):\n    ', 'class C[T]:\n    ', 'lambda q: q', '[i for i in y]', '(n := 1)',
  'for k, v in d:\n    ', 'with open(f) as h:\n    ', 'except E as e:\n    ', 'del x\n', 'match x:\n    case [a, *r]:\n        ',
  'x.append(1)\n', 'fetch = p\n', 'type A = int\n', 'async def g():\n    ', '; ', 'z = [f(1)]; w = g(2)', 'é',
];

/**
 * An editor keeps what the file model derived from each top-level
 * statement (modelMemo.ts) and takes it for the statements an edit left
 * alone. After every random edit, the model built so must equal the one a
 * fresh parse builds: every scope, every binding and the call index.
 */
describe('the file model an editor keeps across edits equals a fresh one', function () {
  this.timeout(600_000);
  before(() => initPythonParser());

  it(`after each of ${EDITS} random edits to real files`, () => {
    const files = readdirSync(FIXTURES).filter((rule) => rule !== 'file-not-linted').flatMap((rule) =>
      readdirSync(join(FIXTURES, rule)).filter((name) => name.endsWith('.py')).map((name) => readFileSync(join(FIXTURES, rule, name), 'utf8')),
    );
    const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 6 }), text: fc.oneof(fc.constantFrom(...TYPED), fc.string({ maxLength: 3 })) });
    let checked = 0;
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 12 }), (index, edits) => {
        const uri = 'file:///w/app.py';
        // The server's own tree cache replays each edit onto the last tree, as in an editor.
        const cache = new TreeCache();
        let document = TextDocument.create(uri, 'python', 1, files[index]);
        try {
          for (const [i, { at, remove, text: typed }] of [{ at: 0, remove: 0, text: '' }, ...edits].entries()) {
            const version = i + 1;
            if (i > 0) {
              const start = Math.floor(at * document.getText().length);
              const range = { start: document.positionAt(start), end: document.positionAt(Math.min(document.getText().length, start + remove)) };
              document = cache.update(document, [{ range, text: typed }], version);
            }
            const text = document.getText();
            const trees: { previous?: unknown; next?: unknown } = { previous: cache.previous(uri, version) };
            assert.ok(i === 0 || trees.previous, 'the edited tree is reused');
            const kept = pythonModule.parse({ path: '/w/app.py', text, config: defaultConfig('/w'), isTest: false, trees });
            const fresh = pythonModule.parse({ path: '/w/app.py', text, config: defaultConfig('/w'), isTest: false });
            try {
              assert.deepEqual(modelOf(kept.file), modelOf(fresh.file), `after an edit of:\n${text}`);
            } finally {
              fresh.dispose();
              cache.store(uri, version, trees.next as Tree);
            }
            checked++;
          }
        } finally {
          cache.drop(uri);
        }
      }),
      { numRuns: Math.ceil(EDITS / 6.5), seed: FUZZ_SEED },
    );
    assert.ok(checked >= EDITS, `only ${checked} versions were compared`);
  });
});

/** What an edit keeps for the next one is bounded: a very long file keeps nothing, and is modelled as a fresh parse models it. */
describe('the facts an editor keeps', function () {
  this.timeout(120_000);
  before(() => initPythonParser());

  const editorParse = (text: string) => {
    const trees: { previous?: unknown; next?: unknown } = {};
    const parsed = pythonModule.parse({ path: '/w/app.py', text, config: defaultConfig('/w'), isTest: false, trees });
    return { parsed, tree: trees.next as Tree };
  };

  it('are kept per statement for a file of ordinary length', () => {
    const { parsed, tree } = editorParse('import os\n\nx = os.path.join("a", "b")\n\n\ndef f(a):\n    return a\n');
    try {
      assert.equal(rememberedStatements(tree), 3);
    } finally {
      parsed.dispose();
      releaseTree(tree);
    }
  });

  it('move the nodes an edit left alone onto the new tree, and collect what it rebuilt anew', () => {
    const uri = 'file:///w/app.py';
    const cache = new TreeCache();
    // A class of 40 methods, each calling something, between two module-level calls.
    const methods = Array.from({ length: 40 }, (_, i) => `    def method_${i}(self, value):\n        total = compute_${i}(value) + ${i}\n        return total\n`);
    const text = `import os\n\nx = os.getcwd()\n\n\nclass Service:\n${methods.join('\n')}\n\ny = len(x); z = f(y)\n`;
    let document = TextDocument.create(uri, 'python', 1, text);
    const parse = (version: number) => {
      const trees: { previous?: unknown; next?: unknown } = { previous: cache.previous(uri, version) };
      const parsed = pythonModule.parse({ path: '/w/app.py', text: document.getText(), config: defaultConfig('/w'), isTest: false, trees });
      cache.store(uri, version, trees.next as Tree);
      return { calls: [...parsed.file.nodes('call')], tree: trees.next as Tree };
    };
    try {
      const before = parse(1);
      assert.equal(keptAnchors(before.tree), 5, 'a fresh tree keeps one anchor per statement');
      // A first edit in the class: the class is rebuilt, and its methods were never anchors of their own.
      const typed = document.positionAt(text.indexOf('compute_19('));
      document = cache.update(document, [{ range: { start: typed, end: typed }, text: ' ' }], 2);
      const between = parse(2);
      assert.ok(keptAnchors(between.tree) > 5, 'the rebuilt class was descended into');
      // Two characters typed into method 20's call: every later node moves by two, those on its line by two columns.
      const at = document.positionAt(document.getText().indexOf('compute_20(') + 'compute_'.length);
      document = cache.update(document, [{ range: { start: at, end: at }, text: 'xx' }], 3);
      const after = parse(3);
      const fresh = pythonModule.parse({ path: '/w/app.py', text: document.getText(), config: defaultConfig('/w'), isTest: false });
      try {
        const place = (call: Node) => [call.startIndex, call.startPosition.row, call.startPosition.column, call.endIndex, call.text];
        assert.deepEqual(after.calls.map(place), fresh.file.nodes('call').map(place));
      } finally {
        fresh.dispose();
      }
      assert.ok(after.calls.every((call) => call.tree === after.tree));
      const edited = after.calls.findIndex((call) => call.text.startsWith('compute_xx20('));
      assert.notEqual(after.calls[edited], between.calls[edited], 'the edited call is collected anew');
      const moved = after.calls.filter((call, i) => call === between.calls[i]).length;
      // tree-sitter rebuilds some statements around an edit, and reuses most of the others.
      assert.ok(moved >= 30, `only ${moved} of ${after.calls.length} calls were moved from the last tree`);
    } finally {
      cache.drop(uri);
    }
  });

  it(`are not kept for a file over ${MAX_REMEMBERED_CHARS} characters, whose model still equals a fresh one`, () => {
    const statement = 'items = [value for value in range(10) if value % 2]\n';
    const text = statement.repeat(Math.ceil((MAX_REMEMBERED_CHARS + 1) / statement.length));
    const { parsed, tree } = editorParse(text);
    const fresh = pythonModule.parse({ path: '/w/app.py', text, config: defaultConfig('/w'), isTest: false });
    try {
      assert.equal(rememberedStatements(tree), 0);
      assert.deepEqual(modelOf(parsed.file), modelOf(fresh.file));
    } finally {
      parsed.dispose();
      fresh.dispose();
      releaseTree(tree);
    }
  });
});

/**
 * A name read from a node, a slice of a statement's text, a message built
 * from them: V8 keeps each as a view of the whole document. What an editor
 * keeps from one edit to the next must be copies, or every edit of another
 * statement keeps one more version of the document alive.
 */
describe('an editing session', function () {
  this.timeout(120_000);
  before(() => initPythonParser());

  it('keeps no copy of each version of the document', () => {
    // Long names, calls, imports, parameters, findings (print) and a string naming `logger` (a fact quotes its line), so every kind of kept fact holds a string of its own.
    const statements = Array.from({ length: 600 }, (_, i) =>
      `from package_${i}.module import imported_name_${i} as alias_name_${i}\ndef function_number_${i}(parameter_name_${i}, other_parameter):\n    print(called_function_${i}(parameter_name_${i}))\n    result_value_${i} = ["the logger of function ${i} is configured elsewhere"]\n    return result_value_${i}\n`,
    );
    const path = '/w/app.py';
    const uri = 'file:///w/app.py';
    const cache = new TreeCache();
    let document = TextDocument.create(uri, 'python', 1, statements.join('\n'));
    const config = defaultConfig('/w');
    const lint = () => lintAsEditor(cache, path, document, config);
    const heapAfter = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    try {
      lint();
      let incremental = 0;
      let before = 0;
      const edits = 150;
      for (let i = 0; i < edits; i++) {
        if (i === 20) before = heapAfter();
        // A space at the end of a different function's last line each time: that function's facts and findings are made anew.
        const line = i * 4 * 6 + 4;
        const position = { line, character: document.getText().split('\n')[line].length };
        document = cache.update(document, [{ range: { start: position, end: position }, text: ' ' }], i + 2);
        if (lint()) incremental++;
      }
      const grown = (heapAfter() - before) / 1024 / 1024;
      assert.equal(incremental, edits, 'every edit was linted incrementally');
      // The document is about 120 KB: a copy kept per edit would grow the heap by about 15 MB over 130 edits.
      assert.ok(grown < 8, `the heap grew by ${grown.toFixed(1)} MB over ${edits - 20} edits`);
    } finally {
      cache.drop(uri);
    }
  });
});

/** The model as plain data: each scope with its bindings, and the calls the index files under each name called. */
function modelOf(file: PythonFile) {
  const binding = (found: Binding) => [found.kind, found.at, found.node.startIndex, found.node.type, found.kind === 'import' ? found.qualified : found.kind === 'star' ? found.module : ''];
  const scope = (current: Scope): unknown => ({
    kind: current.kind,
    at: current.node.startIndex,
    history: [...current.history].map(([name, list]) => [name, list.map(binding)]),
    globals: [...current.globals],
    nonlocals: [...current.nonlocals],
    walrus: [...current.walrus],
    stars: current.stars.map(binding),
    children: current.children.map(scope),
  });
  const names = new Set(file.nodes('call').map((call) => /([\p{L}\p{N}_]+)\s*$/u.exec(call.childForFieldName('function')?.text ?? '')?.[1] ?? ''));
  names.add('get');
  const calls = [...names].sort().map((name) => [name, file.calls(name).map((call) => call.startIndex)]);
  // Where each node is, as the tree tells it: a node an editor moved from the last tree must tell what a fresh one does, children included.
  const place = (node: Node) => [node.startIndex, node.startPosition.row, node.startPosition.column, node.endIndex, node.endPosition.row, node.endPosition.column, node.text];
  const types = ['call', 'assignment', 'function_definition', 'lambda', 'comment'].map((type) =>
    file.nodes(type).map((node) => [...place(node), node.namedChildren.map((child) => child && place(child))]),
  );
  return { module: scope(file.module), calls, types };
}
