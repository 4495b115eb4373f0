import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import { fixAll } from '../../server/src/engine/fixes';
import { FILE_NOT_LINTED, lintText } from '../../server/src/engine/lint';
import { withParserRecovery } from '../../server/src/engine/recovery';
import { deepestIndentation, MAX_INDENT_LEVELS } from '../../server/src/python/depth';
import { initPythonParser, ParseFailure, parsePython, pythonParserBroken, pythonParserInstances } from '../../server/src/python/parse';
import { deeplyNested, disguisedDeeplyNested } from '../support/poison';
import { REPO } from '../support/fixtures';

const config = defaultConfig('/w');
const rulesOf = (text: string, path = '/w/a.py') => lintText(path, text, config).map((f) => `${f.range.start.line}:${f.rule}`);

describe('parser isolation', function () {
  this.timeout(30_000);
  before(() => initPythonParser());

  it('counts indentation levels as the scanner measures them', () => {
    assert.deepEqual(deepestIndentation('x = 1\n'), { levels: 0, line: 0 });
    assert.deepEqual(deepestIndentation('if a:\n    if b:\n        pass\n    y\nz\n'), { levels: 2, line: 2 });
    // A tab is 8 columns; blank and comment-only lines do not count.
    assert.deepEqual(deepestIndentation('if a:\n\tif b:\n\t    pass\n\n# c\n'), { levels: 2, line: 2 });
    assert.deepEqual(deepestIndentation('if a:\n\tb\n        c\n'), { levels: 1, line: 1 });
    assert.equal(deepestIndentation(deeplyNested(300)).levels, 300);
  });

  it('reports a file too deeply nested to lint instead of parsing it', () => {
    assert.throws(() => parsePython(deeplyNested()), (error: unknown) => error instanceof ParseFailure && error.reason === 'too-deep' && error.line === 511);
    const findings = lintText('/w/deep.py', `print(1)\n${deeplyNested()}`, config);
    assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.range.start.line]), [[FILE_NOT_LINTED, 'error', 512]]);
    assert.match(findings[0].message, /^File too deeply nested to lint: 511 levels of indentation \(stacklint parses at most 200/);
    assert.equal(pythonParserBroken(), false, 'the parser never saw it');
    // Deep but within the bound: linted as usual.
    assert.deepEqual(rulesOf(`${deeplyNested(MAX_INDENT_LEVELS - 1).replace(/x = "abc\n$/, 'print(1)\n')}`), [`${MAX_INDENT_LEVELS - 1}:print-call`]);
  });

  it('detects a parser corrupted by a file, replaces it with a fresh instance and lints the next file', async () => {
    const before = pythonParserInstances();
    const poisoned = await withParserRecovery(() => rulesOf(disguisedDeeplyNested()));
    assert.deepEqual(poisoned, [`0:${FILE_NOT_LINTED}`]);
    // The file broke the first instance and, re-parsed once, the second: a third is ready.
    assert.equal(pythonParserInstances() - before, 2);
    assert.equal(pythonParserBroken(), false);
    assert.deepEqual(await withParserRecovery(() => rulesOf('import os\nprint(os.name)\n')), ['1:print-call']);
  });

  it('a file whose tree traps the WebAssembly while rules walk it: those rules fail, the parser is replaced, the next file gets its findings', async () => {
    const text = readFileSync(join(REPO, 'test', 'data', 'parser-trap.py.txt'), 'utf8');
    const failed: string[] = [];
    const before = pythonParserInstances();
    await withParserRecovery(() => lintText('/w/trap.py', text, config, { onRuleError: (rule) => failed.push(rule) }));
    assert.ok(failed.length > 0, 'no rule trapped: the input no longer exercises this');
    assert.ok(pythonParserInstances() > before, 'the trapped parser was not replaced');
    assert.equal(pythonParserBroken(), false);
    assert.deepEqual(await withParserRecovery(() => rulesOf('import os\nprint(os.name)\n')), ['1:print-call']);
  });

  it('without recovery, later files are not silently clean: they fail loudly until the parser is replaced', async () => {
    assert.deepEqual(rulesOf(disguisedDeeplyNested()), [`0:${FILE_NOT_LINTED}`]);
    assert.equal(pythonParserBroken(), true);
    const next = lintText('/w/b.py', 'print(1)\n', config);
    assert.deepEqual(next.map((f) => f.rule), [FILE_NOT_LINTED]);
    await initPythonParser();
    assert.deepEqual(rulesOf('print(1)\n'), ['0:print-call']);
  });

  it('--fix on a poisoning file changes nothing and leaves a working parser', async () => {
    const text = disguisedDeeplyNested();
    const result = await withParserRecovery(() => fixAll('/w/a.py', text, config));
    assert.equal(result.text, text);
    assert.deepEqual(result.remaining.map((f) => f.rule), [FILE_NOT_LINTED]);
    assert.equal((await withParserRecovery(() => fixAll('/w/b.py', 'print(1)\n', config, { unsafe: true }))).applied, 1);
  });

  it('stops a parse over its time budget and parses the next file from scratch', () => {
    const garbage = Array.from({ length: 60_000 }, (_, i) => '([{"\'f'[(i * 7919) % 7]).join('');
    assert.throws(() => parsePython(garbage, undefined, 1), (error: unknown) => error instanceof ParseFailure && error.reason === 'timeout');
    assert.equal(pythonParserBroken(), false);
    const tree = parsePython('print(1)\n');
    assert.equal(tree.rootNode.toString(), '(module (expression_statement (call function: (identifier) arguments: (argument_list (integer)))))');
    tree.delete();
  });
});
