import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../server/src/core/config';
import { lintText } from '../../server/src/engine/lint';
import { initPythonParser } from '../../server/src/python/parse';

describe('global-mutable-state related information', () => {
  before(() => initPythonParser());

  it('reports the container once, at its definition, with every mutating place as related', () => {
    const text = ['CACHE = {}', '', 'def put(k, v):', '    CACHE[k] = v', '', 'def drop(k):', '    CACHE.pop(k, None)', ''].join('\n');
    const findings = lintText('/p/app.py', text, defaultConfig('/p')).filter((f) => f.rule === 'global-mutable-state');
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    assert.deepEqual(
      finding.related?.map((r) => [r.range.start.line, r.range.start.character, r.range.end.character, r.message]),
      [
        [3, 4, 16, '`CACHE` is mutated in `put()`'],
        [6, 4, 22, '`CACHE` is mutated in `drop()`'],
      ],
    );
  });

  it('reports a function once: at its `global` when it rebinds the container, not again as a mutating place', () => {
    const text = ['CACHE = {}', '', 'def put(k, v):', '    CACHE[k] = v', '', 'def reset():', '    global CACHE', '    CACHE.clear()', '    CACHE = {}', ''].join('\n');
    const findings = lintText('/p/app.py', text, defaultConfig('/p')).filter((f) => f.rule === 'global-mutable-state');
    assert.deepEqual(findings.map((f) => f.range.start.line), [0, 6]);
    assert.deepEqual(findings[0].related?.map((r) => r.message), ['`CACHE` is mutated in `put()`']);
  });

  it('finds what a function rebinds after a nested function of its own that declares a global too', () => {
    // The inner function's span ends inside the outer one's: the rebinding below it still counts.
    const text = ['STATE = {}', '', 'def outer():', '    global STATE', '    def inner():', '        global STATE', '        STATE = {}', '    STATE = {}', ''].join('\n');
    const findings = lintText('/p/app.py', text, defaultConfig('/p')).filter((f) => f.rule === 'global-mutable-state');
    assert.deepEqual(findings.map((f) => f.range.start.line), [3, 5]);
  });

  it('ignores a global that the function never rebinds, beside one that it does', () => {
    const text = ['A = 1', 'B = 2', '', 'def reads():', '    global A', '    return A', '', 'def writes():', '    global B', '    B = 3', ''].join('\n');
    const findings = lintText('/p/app.py', text, defaultConfig('/p')).filter((f) => f.rule === 'global-mutable-state');
    assert.deepEqual(findings.map((f) => f.range.start.line), [8]);
  });
});
