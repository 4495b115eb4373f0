import * as assert from 'node:assert/strict';
import { defaultConfig, type StacklintConfig } from '../../server/src/core/config';
import { applyEdits, fixAll } from '../../server/src/engine/fixes';
import { lintText } from '../../server/src/engine/lint';
import { defaultConfig as configAt } from '../../server/src/core/config';
import { pyprojectModule } from '../../server/src/pyproject/module';
import { requirementsModule } from '../../server/src/requirements/module';

function lineComments(text: string, kind: 'requirements' | 'pyproject') {
  const module = kind === 'requirements' ? requirementsModule : pyprojectModule;
  const path = kind === 'requirements' ? '/p/requirements.txt' : '/p/pyproject.toml';
  return module.parse({ path, text, config: configAt('/p'), isTest: false }).comments;
}
import type { Finding } from '../../server/src/core/types';
import { initPythonParser } from '../../server/src/python/parse';
import { lineAndRule, lintOrFail } from '../support/lint';
import { assertCompiles } from '../support/python';

const ROOT = '/project';

function lint(text: string, name = 'app/main.py', config: StacklintConfig = defaultConfig(ROOT)): Finding[] {
  return lintOrFail(`${ROOT}/${name}`, text, config);
}

describe('suppression comments', () => {
  before(() => initPythonParser());

  it('a line comment silences the named rules on its line only', () => {
    const text = 'print("a")  # stacklint: disable=print-call\nprint("b")\n';
    assert.deepEqual(lineAndRule(lint(text)), ['2:print-call']);
  });

  it('a comment after a multi-line string or a continuation covers the findings that start above it, and only those', () => {
    const text = [
      'def f(cursor, v, w):',
      '    cursor.execute(f"""SELECT * FROM t',
      '        WHERE a = {v}""")  # stacklint: disable=sql-string-formatting',
      '    cursor.execute("SELECT * FROM t WHERE id = %s" % \\',
      '        w)  # stacklint: disable=sql-string-formatting',
      '    print(1)',
      '    print(2)  # stacklint: disable=print-call',
      '',
    ].join('\n');
    assert.deepEqual(lineAndRule(lint(text)), ['6:print-call']);
    // Without the mapping, both SQL findings would stay and both comments be unused.
    assert.deepEqual(lineAndRule(lint(text.replace(/  # stacklint: disable=sql-string-formatting/g, ''))), ['2:sql-string-formatting', '4:sql-string-formatting', '6:print-call']);
    const requirements = 'flask==2.0.0 \\\n    --hash=sha256:00  # stacklint: disable=off-stack-dependency\n';
    assert.deepEqual(lineAndRule(lint(requirements, 'requirements.txt')), []);
  });

  it('a line comment with no ids silences every rule on the line', () => {
    const text = 'import flask  # stacklint: disable\nprint(flask)  # stacklint: disable=bare-except, print-call\n';
    assert.deepEqual(lineAndRule(lint(text)), ['2:unused-suppression']);
    assert.match(lint(text)[0].message, /`bare-except` reports nothing on this line/);
  });

  it('silences a finding that spans lines from the line where it starts', () => {
    const text = 'print(  # stacklint: disable=print-call\n    "a",\n)\nprint(\n    "b",  # stacklint: disable=print-call\n)\n';
    assert.deepEqual(lineAndRule(lint(text)), ['4:print-call', '5:unused-suppression']);
  });

  it('a disable-file comment in the leading comments silences the whole file', () => {
    const text = '#!/usr/bin/env python3\n# stacklint: disable-file=print-call\n"""Docstring."""\nprint("a")\n\n\ndef f():\n    print("b")\n';
    assert.deepEqual(lineAndRule(lint(text)), []);
  });

  it('a disable-file comment after the first statement has no effect and is reported', () => {
    const text = 'import os\n# stacklint: disable-file=print-call\nprint(os.sep)\n';
    const findings = lint(text);
    assert.deepEqual(lineAndRule(findings), ['2:unused-suppression', '3:print-call']);
    assert.match(findings[0].message, /only works in the comments at the top of the file/);
  });

  it('maps # noqa codes through each rule\'s Ruff equivalents', () => {
    const text = [
      'import pytz  # noqa: TID251',
      'print("x")  # noqa: E722',
      'print("y")  # noqa: T201',
      'print("z")  # NOQA:E501,T201',
      'try:',
      '    pass',
      'except:  # noqa',
      '    pass',
      'try:',
      '    pass',
      'except:  # type: ignore  # noqa: E722',
      '    pass',
      '',
    ].join('\n');
    assert.deepEqual(lineAndRule(lint(text)), ['2:print-call']);
  });

  it('never reports a # noqa comment as unused: Ruff\'s RUF100 owns those', () => {
    assert.deepEqual(lineAndRule(lint('x = 1  # noqa: E501\ny = 2  # noqa: T201\nz = 3  # noqa\n')), []);
  });

  it('reads no suppression from a string or docstring, only from real comments', () => {
    const text = '"""# stacklint: disable-file=print-call"""\nprint("# stacklint: disable=print-call")\nprint("# noqa")\n';
    assert.deepEqual(lineAndRule(lint(text)), ['2:print-call', '3:print-call']);
  });

  it('reports an unknown rule id, and the fix removes only the bad ids', () => {
    const text = 'print("a")  # stacklint: disable=print-call,prnt-call\n';
    const findings = lint(text);
    assert.deepEqual(lineAndRule(findings), ['1:unused-suppression']);
    const [finding] = findings;
    assert.equal(finding.severity, 'hint');
    assert.equal(finding.unnecessary, true);
    assert.match(finding.message, /`prnt-call` is not a stacklint rule/);
    assert.equal(applyEdits(text, finding.fix!.edits), 'print("a")  # stacklint: disable=print-call\n');
    assert.equal(finding.fix!.safe, true);
  });

  it('removes an unused comment without touching the code or other comment parts', () => {
    const cases: [string, string][] = [
      ['x = 1  # stacklint: disable=print-call\n', 'x = 1\n'],
      ['x = 1  # stacklint: disable=print-call  # noqa: E501\n', 'x = 1  # noqa: E501\n'],
      ['x = 1  # noqa: E501  # stacklint: disable=print-call\n', 'x = 1  # noqa: E501\n'],
      ['x = 1  # stacklint: disable=print-call -- kept for the demo\n', 'x = 1\n'],
      ['def f():\n    # stacklint: disable=print-call\n    return 1\n', 'def f():\n    return 1\n'],
    ];
    for (const [before, after] of cases) {
      assert.equal(fixAll(`${ROOT}/app/x.py`, before, defaultConfig(ROOT)).text, after, before);
    }
  });

  it('judges no suppression for a rule that is off for the file, and respects its own configuration', () => {
    const text = 'x = 1  # stacklint: disable=print-call\n';
    assert.deepEqual(lineAndRule(lint(text, 'app/x.py', { ...defaultConfig(ROOT), disable: ['print-call'] })), []);
    assert.deepEqual(lineAndRule(lint(text, 'app/x.py', { ...defaultConfig(ROOT), severity: { 'unused-suppression': 'off' } })), []);
    assert.equal(lint(text, 'app/x.py', { ...defaultConfig(ROOT), severity: { 'unused-suppression': 'warning' } })[0].severity, 'warning');
    assert.deepEqual(lineAndRule(lint(`# stacklint: disable-file=unused-suppression\n${text}`)), []);
    assert.deepEqual(lineAndRule(lint('x = 1  # stacklint: disable=print-call, unused-suppression\n')), []);
    assert.deepEqual(lineAndRule(lint('x = 1  # stacklint: disable=print-call  # noqa: RUF100\n')), []);
  });

  it('keeps the line of a removed suppression that follows a backslash continuation, so the file still compiles', () => {
    // Found by the fuzzer: deleting the line let the backslash run into the end of the file.
    for (const text of ['\\\n# stacklint: disable=print-call\n', '\\\n# stacklint: disable=print-call']) {
      const fixed = fixAll('/w/a.py', text, defaultConfig('/w')).text;
      assert.equal(fixed, text.replace('# stacklint: disable=print-call', '#'));
      assertCompiles(fixed);
    }
  });

  it('reads # comments in requirements files, as pip does', () => {
    const text = '# stacklint: disable-file=unpinned-dependency\nflask==3.0  # stacklint: disable=off-stack-dependency\nrequests\nurl @ https://x/y.zip#egg=url  # stacklint: disable=bare-except\n';
    const findings = lintText('/project/requirements.txt', text, defaultConfig(ROOT));
    assert.deepEqual(lineAndRule(findings), ['4:off-stack-dependency', '4:unused-suppression']);
    assert.deepEqual(lineComments('a==1 # c\nb @ https://x/y#sha1=1\n#only\n', 'requirements').map((c) => c.text), ['# c', '#only']);
  });

  it('reads # comments in pyproject.toml outside strings', () => {
    const comments = lineComments('[project]\ndependencies = ["a#b", \'c\'] # real\nname = "x" # stacklint: disable=below-stack-version\n', 'pyproject');
    assert.deepEqual(comments.map((c) => [c.start.line, c.text]), [[1, '# real'], [2, '# stacklint: disable=below-stack-version']]);
  });
});
