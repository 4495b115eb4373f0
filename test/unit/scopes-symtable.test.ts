import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initPythonParser } from '../../server/src/python/parse';
import { compareWithSymtable } from '../support/symtable';

/**
 * Standard-library files chosen for variety: closures and nonlocal
 * (functools, test_scope), comprehensions and walrus (test_named_expressions,
 * test_listcomps, test_genexps), match statements (test_patma), classes and
 * super (enum, test_super), future annotations (dataclasses), decorators,
 * keyword-only and positional-only parameters, del, except/with targets,
 * star imports (tkinter), a function called `top` (poplib), NFKC names
 * (test_traceback). `bench/symtable.ts` runs the whole library.
 */
const SAMPLE = [
  'functools.py', 'enum.py', 'dataclasses.py', 'argparse.py', 'json/decoder.py', 'collections/__init__.py',
  'asyncio/tasks.py', 'asyncio/base_events.py', 'inspect.py', 'typing.py', 'contextlib.py', 'poplib.py',
  'email/_header_value_parser.py', 'concurrent/futures/process.py', 'tkinter/__init__.py', 'unittest/mock.py',
  'idlelib/pyshell.py', 'lib2to3/tests/data/py3_test_grammar.py', 'test/test_scope.py',
  'test/test_named_expressions.py', 'test/test_listcomps.py', 'test/test_genexps.py', 'test/test_patma.py',
  'test/test_super.py', 'test/test_grammar.py', 'test/test_decorators.py', 'test/test_keywordonlyarg.py',
  'test/test_positional_only_arg.py', 'test/test_unpack_ex.py', 'test/test_with.py', 'test/test_exceptions.py',
  'test/test_traceback.py', 'test/test_future_stmt/test_future.py', 'test/test_class.py', 'test/test_syntax.py',
  'test/test_funcattrs.py', 'test/test_setcomps.py', 'test/test_dictcomps.py',
];

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

describe('scope model against CPython symtable', function () {
  this.timeout(120_000);
  before(() => initPythonParser());

  it('classifies every name of every function scope as symtable does on a sample of the standard library', () => {
    const paths = SAMPLE.map((file) => join(STDLIB, file));
    for (const path of paths) assert.ok(existsSync(path), `sample file missing: ${path}`);
    const result = compareWithSymtable(paths, (path) => path.slice(STDLIB.length + 1));
    assert.deepEqual(result.skipped, [], 'every sample file compiles');
    assert.equal(result.files, SAMPLE.length);
    assert.ok(result.names > 20_000, `only ${result.names} names compared`);
    assert.deepEqual(result.unmatched, []);
    assert.deepEqual(result.disagreements, []);
    assert.equal(result.agreeing, result.names);
  });
});
