import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaselineMatcher, buildBaseline, fingerprintFinding, parseBaseline } from '../../server/src/engine/baseline';
import { LineIndex } from '../../server/src/core/text';
import { runCli } from '../support/cli';
import { useTempDir } from '../support/tempDir';

const SERVICE = [
  'import logging',
  '',
  '',
  'def handler(cursor, status):',
  '    print("handling")',
  '    try:',
  '        cursor.execute("SELECT * FROM orders WHERE status = \'%s\'" % status)',
  '    except:',
  '        pass',
  '    print("handling")',
  '',
].join('\n');

describe('baseline', function () {
  this.timeout(60_000);
  const temp = useTempDir('baseline');

  const lint = (...args: string[]) => runCli(temp.path, ...args);
  const rules = (stdout: string) => (JSON.parse(stdout) as { line: number; rule: string }[]).map((f) => `${f.line} ${f.rule}`);

  it('accepts recorded findings after lines are inserted and deleted elsewhere, and fails on a new one', () => {
    temp.write('app/service.py', SERVICE);
    temp.write('requirements.txt', 'flask==2.0.0\n');
    const written = lint('--write-baseline');
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /wrote 5 findings in 2 files to \.stacklint-baseline\.json/);
    const file = JSON.parse(readFileSync(join(temp.path, '.stacklint-baseline.json'), 'utf8'));
    assert.deepEqual(Object.keys(file.files), ['app/service.py', 'requirements.txt']);
    // The same print twice is one entry with a count, and no entry holds a line number.
    const prints = file.files['app/service.py'].filter((e: { rule: string }) => e.rule === 'print-call');
    assert.deepEqual(prints.map((e: { count: number; code: string }) => [e.count, e.code]), [[2, 'print("handling")']]);
    assert.ok(!JSON.stringify(file).includes('"line"'));

    assert.equal(lint().code, 0);
    // Three lines inserted above and one deleted between the findings: everything moves.
    const moved = SERVICE.replace('import logging\n', 'import logging\nimport os\nimport sys\n\nLOG = logging.getLogger(__name__)\n').replace('    try:\n', '    try:  # moved\n').replace('\n\n\ndef', '\n\ndef');
    temp.write('app/service.py', moved);
    const quiet = lint('--format', 'json');
    assert.equal(quiet.code, 0, quiet.stdout);
    assert.deepEqual(rules(quiet.stdout), []);
    assert.match(quiet.stderr, /5 findings in the baseline \.stacklint-baseline\.json not shown/);

    temp.write('app/service.py', moved + 'print("new")\n');
    const fresh = lint('--format', 'json');
    assert.equal(fresh.code, 1);
    assert.deepEqual(rules(fresh.stdout), [`${moved.split('\n').length} print-call`]);
    // A third copy of an accepted print is new too: the entry's count is 2.
    temp.write('app/service.py', moved.replace('    print("handling")\n', '    print("handling")\n    print("handling")\n'));
    assert.deepEqual(rules(lint('--format', 'json').stdout).map((r) => r.split(' ')[1]), ['print-call']);
  });

  it('counts fixed entries, prunes them, and leaves entries of files outside the linted path alone', () => {
    temp.write('app/service.py', SERVICE);
    temp.write('lib/tool.py', 'print("tool")\n');
    assert.equal(lint('--write-baseline').code, 0);
    temp.write('app/service.py', SERVICE.replace('    except:', '    except ValueError:').replace('    print("handling")\n', ''));
    temp.write('lib/tool.py', 'x = 1\n');
    const onlyApp = lint('app');
    assert.equal(onlyApp.code, 0);
    assert.match(onlyApp.stderr, /2 baselined findings now fixed; run with --prune-baseline to remove them/);
    const pruned = lint('app', '--prune-baseline');
    assert.equal(pruned.code, 0);
    assert.match(pruned.stderr, /pruned 2 fixed findings/);
    const file = JSON.parse(readFileSync(join(temp.path, '.stacklint-baseline.json'), 'utf8'));
    assert.deepEqual(file.files['app/service.py'].map((e: { rule: string; count: number }) => `${e.rule} ${e.count}`), ['print-call 1', 'sql-string-formatting 1']);
    // lib/ was not linted, so its entry stays although it is fixed there.
    assert.deepEqual(Object.keys(file.files), ['app/service.py', 'lib/tool.py']);
    assert.doesNotMatch(lint('app').stderr, /now fixed/);
    // Re-recording app/ keeps lib/ too.
    assert.equal(lint('app', '--write-baseline').code, 0);
    assert.ok(JSON.parse(readFileSync(join(temp.path, '.stacklint-baseline.json'), 'utf8')).files['lib/tool.py']);
  });

  it('--baseline FILE, --no-baseline, and unusable baselines (exit 2)', () => {
    temp.write('app.py', 'print(1)\n');
    const missingFolder = lint('--write-baseline', '--baseline', 'ci/base.json');
    assert.equal(missingFolder.code, 2);
    assert.match(missingFolder.stderr, /cannot write baseline .*ENOENT/);
    temp.write('ci/.keep', '');
    assert.equal(lint('--write-baseline', '--baseline', 'ci/base.json').code, 0);
    assert.equal(JSON.parse(readFileSync(join(temp.path, 'ci/base.json'), 'utf8')).files['../app.py'][0].rule, 'print-call');
    assert.equal(lint().code, 1, 'the default file does not exist, so nothing is baselined');
    assert.equal(lint('--baseline', 'ci/base.json').code, 0);
    assert.equal(lint('--baseline', 'missing.json').code, 2);
    writeFileSync(join(temp.path, '.stacklint-baseline.json'), '{"version": 7, "files": {}}');
    const bad = lint();
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unsupported version 7/);
    assert.equal(lint('--no-baseline').code, 1);
  });

  it('matching is by file, rule and fingerprint; repeated code matches up to its count', () => {
    const lines = new LineIndex('a = 1\nprint(a)\nprint(a)\n');
    const print = (line: number) => fingerprintFinding(lines, 'print-call', { start: { line, character: 0 }, end: { line, character: 8 } });
    assert.equal(print(1).fingerprint, print(2).fingerprint);
    const indented = new LineIndex('if x:\n        print(a)\n');
    assert.equal(fingerprintFinding(indented, 'print-call', { start: { line: 1, character: 8 }, end: { line: 1, character: 16 } }).fingerprint, print(1).fingerprint);
    assert.notEqual(fingerprintFinding(lines, 'bare-except', { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } }).fingerprint, print(1).fingerprint);
    const baseline = buildBaseline(new Map([['a.py', [print(1)]]]));
    const matcher = new BaselineMatcher(baseline);
    assert.deepEqual(matcher.match('a.py', [print(1), print(2)]), [true, false]);
    assert.deepEqual(new BaselineMatcher(baseline).match('b.py', [print(1)]), [false]);
    assert.equal(typeof parseBaseline('[]'), 'string');
    assert.equal(typeof parseBaseline('{"version":1,"files":{"a.py":[{"rule":1}]}}'), 'string');
    const parsed = parseBaseline('{"version":1,"files":{"__proto__":[{"rule":"print-call","fingerprint":"x","count":-3}]}}');
    assert.ok(typeof parsed !== 'string');
    assert.equal(parsed.files['__proto__'][0].count, 1);
  });
});
