import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../server/src/core/config';
import { applyEdits, fixAll } from '../../server/src/engine/fixes';
import { fileKind, lintText } from '../../server/src/engine/lint';
import { initPythonParser } from '../../server/src/python/parse';
import { PYTHON_RULES } from '../../server/src/python/rules/index';
import { definePythonRule } from '../../server/src/python/rule';

describe('engine', () => {
  before(() => initPythonParser());

  it('skips a rule that throws, tells the caller, and keeps every other finding', () => {
    const broken = definePythonRule({
      meta: { id: 'always-throws', kind: 'python', defaultSeverity: 'error', ruff: [], fixable: false, summary: '', sections: [] },
      check() {
        throw new Error('boom');
      },
    });
    PYTHON_RULES.unshift(broken);
    const errors: string[] = [];
    try {
      const findings = lintText('/w/a.py', 'print(1)\n', defaultConfig('/w'), { onRuleError: (id, error) => errors.push(`${id}: ${(error as Error).message}`) });
      assert.deepEqual(findings.map((f) => f.rule), ['print-call']);
      assert.deepEqual(errors, ['always-throws: boom']);
    } finally {
      PYTHON_RULES.splice(PYTHON_RULES.indexOf(broken), 1);
    }
  });

  it('keeps a finding whose fix has overlapping edits, without that fix, and fixes the rest of the file', () => {
    const overlapping = definePythonRule({
      meta: { id: 'overlapping-fix', kind: 'python', defaultSeverity: 'warning', ruff: [], fixable: true, summary: '', sections: [] },
      check(file, report) {
        const range = (a: number, b: number) => file.lines.range(a, b);
        report({ range: range(0, 1), message: 'overlap', fix: { title: 'broken', safe: true, edits: [{ range: range(0, 5), newText: 'a' }, { range: range(2, 7), newText: 'b' }] } });
      },
    });
    PYTHON_RULES.unshift(overlapping);
    try {
      const findings = lintText('/w/a.py', 'import pytz\n', defaultConfig('/w'));
      const broken = findings.find((f) => f.rule === 'overlapping-fix');
      assert.ok(broken && broken.fix === undefined);
      assert.doesNotThrow(() => fixAll('/w/a.py', 'import pytz\n', defaultConfig('/w')));
    } finally {
      PYTHON_RULES.splice(PYTHON_RULES.indexOf(overlapping), 1);
    }
  });

  it('finds problems after a syntax error and in deeply nested code', () => {
    const text = `def broken(:\n    pass\n${'x = ('.repeat(500)}1${')'.repeat(500)}\nprint("after")\n`;
    const findings = lintText('/w/a.py', text, defaultConfig('/w'));
    assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line]), [['print-call', 3]]);
  });

  it('lints a 5 MB file without failing', () => {
    const text = 'def f(x):\n    return x\n'.repeat(220_000) + 'print(1)\n';
    const findings = lintText('/w/big.py', text, defaultConfig('/w'));
    assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line]), [['print-call', 440_000]]);
  });

  it('writes fixes with CRLF line breaks into CRLF files', () => {
    const text = 'import sys\r\n\r\n\r\ndef f():\r\n    print(sys.argv)\r\n';
    const fixed = fixAll('/w/a.py', text, defaultConfig('/w'), { unsafe: true }).text;
    assert.match(fixed, /logger = logging\.getLogger\(__name__\)/);
    assert.deepEqual(fixed.split('\r\n').filter((line) => line.includes('\n')), [], 'no bare \\n line break');
  });

  it('knows which engine a file name belongs to', () => {
    const kinds = ['app.py', 'stubs.pyi', 'requirements.txt', 'requirements-dev.txt', 'requirements/base.txt', 'dev-requirements.in', 'constraints.txt', 'x.pip', 'pyproject.toml', 'setup.cfg', 'notes.txt'].map((name) => fileKind(`/w/${name}`) ?? '-');
    assert.deepEqual(kinds, ['python', 'python', 'requirements', 'requirements', 'requirements', 'requirements', 'requirements', 'requirements', 'pyproject', '-', '-']);
  });

  it('keeps the order of insertions at the same point, as LSP does', () => {
    const at = { line: 0, character: 0 };
    assert.equal(applyEdits('x\n', [{ range: { start: at, end: at }, newText: 'a\n' }, { range: { start: at, end: at }, newText: 'b\n' }]), 'a\nb\nx\n');
  });
});
