import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../../server/src/core/config';
import { locateKey, parseTomlDocument } from '../../../server/src/core/toml';
import { parseMarker } from '../../../server/src/dependencies/markers';
import { fixAll } from '../../../server/src/engine/fixes';
import { lintText } from '../../../server/src/engine/lint';
import { initPythonParser } from '../../../server/src/python/parse';
import { looksLikeSql } from '../../../server/src/python/sql';
import { runCli } from '../../support/cli';
import { assertCompiles } from '../../support/python';
import { useTempDir } from '../../support/tempDir';
import { parseRequirements } from '../deps/helpers';

// Inputs an attacker or a fuzzer found: each once crashed a run, dropped a
// rule's findings or took seconds to minutes. Timing bounds are generous (the
// quadratic versions took 6 s to 130 s at these sizes); what they catch is a
// return to quadratic time, not a slow machine. They count this process's CPU
// time, not wall time, so a busy shared machine does not fail them.

const config = defaultConfig('/w');
const N = 100_000;

function timed<T>(what: string, run: () => T, limitMs = 1000): T {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  const elapsed = (used.user + used.system) / 1000;
  assert.ok(elapsed < limitMs, `${what} took ${elapsed.toFixed(0)} ms`);
  return result;
}

function lint(path: string, text: string): { rules: string[]; errors: string[] } {
  const errors: string[] = [];
  const findings = lintText(path, text, config, { onRuleError: (rule, error) => errors.push(`${rule}: ${error}`) });
  return { rules: findings.map((f) => f.rule), errors };
}

describe('hostile input', function () {
  this.timeout(30_000);
  before(() => initPythonParser());

  describe('stays linear at 100,000 characters', () => {
    it('the requirements comment stripper, on a line of spaces with and without a comment', () => {
      const spaces = ' '.repeat(N);
      const plain = timed('spaces', () => parseRequirements(`flask==1.0${spaces}x\n`));
      assert.equal(plain.problems.length, 1, 'pip reads "x" after the spaces as part of the version: invalid');
      const commented = timed('spaces then comment', () => parseRequirements(`flask==1.0${spaces}# why\n`));
      assert.deepEqual(commented.requirements.map((r) => r.name), ['flask']);
      assert.deepEqual(commented.problems, []);
    });

    it('a CR-only constraints file, as lines', () => {
      const line = 'pkg==1.0 # pinned\r';
      const text = line.repeat(Math.ceil(N / line.length));
      const { rules } = timed('CR-only constraints', () => lint('/w/constraints.txt', text));
      assert.ok(!rules.includes('invalid-requirement'), 'every CR-separated line is a requirement');
    });

    it('a 1 MB CR-only constraints file in seconds, not minutes', () => {
      const text = 'a==1  # c\r'.repeat(100_000);
      const file = timed('1 MB CR-only', () => parseRequirements(text, '/w/constraints.txt'), 5000);
      assert.equal(file.requirements.length, 100_000);
    });

    it('the extras pattern, on a run of [', () => {
      const file = timed('extras', () => parseRequirements(`flask${'['.repeat(N)}\n`));
      assert.equal(file.problems.length, 1);
    });

    it('the TOML locator, on a header of tabs and a key of escapes', () => {
      const header = `[[${'\t'.repeat(N / 2)}\u0000${'\t'.repeat(N / 2)}\n[tool.stacklint]\nexclude = 1\n`;
      const range = timed('header', () => locateKey(parseTomlDocument(header), ['tool', 'stacklint', 'exclude']));
      assert.equal(range.start.line, 2);
      const quoted = `[${'\u0000\\"\\'.repeat(N / 4)}-]\n`;
      timed('quoted key', () => locateKey(parseTomlDocument(quoted), ['tool']));
    });

    it('the SQL select structure, on an unterminated column', () => {
      assert.equal(timed('select', () => looksLikeSql(`select "${'\u0001'.repeat(N)}`)), false);
      assert.equal(looksLikeSql('select count(*)from users'), true);
      assert.equal(looksLikeSql('select id from users where x = 1'), true);
      assert.equal(looksLikeSql('select an option from the list'), false);
    });

    it('a marker with many clauses', () => {
      const marker = Array.from({ length: N / 30 }, () => 'python_version > "3"').join(' and ');
      timed('long marker', () => parseMarker(marker));
    });
  });

  describe('markers nested deep', () => {
    it('5,000 parentheses are an invalid requirement, not a stack overflow', () => {
      const marker = `${'('.repeat(5000)}python_version > "3"${')'.repeat(5000)}`;
      const { rules, errors } = lint('/w/requirements.txt', `fastapi==0.110.0 ; ${marker}\n`);
      assert.deepEqual(errors, []);
      assert.deepEqual(rules, ['invalid-requirement']);
      const message = lintText('/w/requirements.txt', `fastapi==0.110.0 ; ${marker}\n`, config)[0].message;
      assert.match(message, /nested more than 100 parentheses deep/);
    });

    it('100 parentheses still parse, in requirements and pyproject.toml', () => {
      const marker = `${'('.repeat(100)}python_version > "3"${')'.repeat(100)}`;
      assert.deepEqual(parseRequirements(`fastapi==0.110.0 ; ${marker}\n`).problems, []);
      const pyproject = `[project]\nname = "x"\nversion = "1"\ndependencies = ['fastapi==0.110.0; ${'('.repeat(5000)}os_name == "nt"${')'.repeat(5000)}']\n`;
      const { rules, errors } = lint('/w/pyproject.toml', pyproject);
      assert.deepEqual(errors, []);
      assert.ok(rules.includes('invalid-requirement'));
    });
  });

  describe('Python nested deep', () => {
    const deep = 30_000;

    it('sql-string-formatting reads a 30,000-operand `+` chain without recursion', () => {
      const text = `cur.execute("SELECT * FROM t WHERE a = " ${'+ x '.repeat(deep)})\n`;
      assert.deepEqual(lint('/w/a.py', text), { rules: ['sql-string-formatting'], errors: [] });
    });

    it('sql-string-formatting reads a `+` chain parenthesized 2,000 deep once, not once per level', () => {
      const text = `cur.execute("SELECT * FROM t WHERE a = " + ${'(x + '.repeat(2000)}"y"${')'.repeat(2000)})\n`;
      const { rules, errors } = timed('parenthesized chain', () => lint('/w/a.py', text), 2000);
      assert.deepEqual({ rules, errors }, { rules: ['sql-string-formatting'], errors: [] });
    });

    it('pytz-usage walks 30,000 nested parentheses and still offers its fix', () => {
      const text = `import pytz\nz = pytz.utc\nx = ${'('.repeat(deep)}1${')'.repeat(deep)}\n`;
      assert.deepEqual(lint('/w/a.py', text), { rules: ['pytz-usage'], errors: [] });
      const fixed = fixAll('/w/a.py', text, config).text;
      // The import block ends with a blank line, as isort leaves it.
      assert.match(fixed, /^from datetime import timezone\n\n?z = timezone\.utc\n/, fixed.slice(0, 80));
    });

    it('pydantic-v1-config survives a chain of 20,000 base classes (it follows at most a few)', () => {
      const chain = (n: number) => Array.from({ length: n }, (_, i) => `class A${i + 1}(A${i}):\n    pass\n`).join('');
      const file = (n: number) => `from pydantic import BaseModel\nclass A0(BaseModel):\n    pass\n${chain(n)}class Z(A${n}):\n    class Config:\n        orm_mode = True\n`;
      assert.deepEqual(lint('/w/a.py', file(20_000)).errors, []);
      assert.deepEqual(lint('/w/a.py', file(5)), { rules: ['pydantic-v1-config'], errors: [] });
    });

    it('assignment targets nested 3,000 tuples deep bind their names', () => {
      const text = `${'('.repeat(3000)}a,${'),'.repeat(3000)} = x\nimport sqlite3\n`;
      assert.deepEqual(lint('/w/a.py', text).errors, []);
    });
  });

  describe('CR-only files', () => {
    it('a CR-only requirements file is one requirement per line, as pip reads it', () => {
      const file = parseRequirements('flask==1.0\rrequests==2.31.0 # http\r\rhttpx==0.27.0\r');
      assert.deepEqual(file.requirements.map((r) => [r.name, r.firstLine, r.nameRange.start.line]), [
        ['flask', 0, 0],
        ['requests', 1, 1],
        ['httpx', 3, 3],
      ]);
      assert.deepEqual(file.problems, []);
    });

    it('fixes in a CR-only requirements file remove exactly their line and keep CR line breaks', () => {
      // yapf's drop-in replacement is already listed, so its fix removes the line.
      const fixed = fixAll('/w/requirements-dev.txt', 'yapf==0.40.2\rblack==23.11.0\r', config, { unsafe: true }).text;
      assert.equal(fixed, 'black==23.11.0\r');
    });

    it('the pytz fix in a CR-only Python file: no overlapping edits, CR line breaks, compiles', () => {
      const text = 'import pytz\rfrom datetime import datetime\rx = datetime.now(pytz.utc)\ry = pytz.timezone("Europe/Paris")\r';
      const fixed = fixAll('/w/a.py', text, config).text;
      assert.equal(
        fixed,
        'from datetime import datetime, timezone\rfrom zoneinfo import ZoneInfo\rx = datetime.now(timezone.utc)\ry = ZoneInfo("Europe/Paris")\r',
      );
      assertCompiles(fixed);
      assert.ok(!lint('/w/a.py', fixed).rules.includes('pytz-usage'));
    });

    it('findings in a CR-only Python file are placed on their own lines', () => {
      const findings = lintText('/w/a.py', 'x = 1\rprint(x)\r', config);
      assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line, f.range.start.character]), [['print-call', 1, 0]]);
    });
  });

  describe('local version labels', () => {
    it('below-stack-version reads SQLAlchemy==2.0+local.7 as 2.0 and 1.4+local.7 as below the minimum', () => {
      assert.deepEqual(lint('/w/requirements.txt', 'SQLAlchemy==2.0+local.7\n'), { rules: [], errors: [] });
      const below = lint('/w/requirements.txt', 'SQLAlchemy==1.4+Local-7\n');
      assert.deepEqual(below, { rules: ['below-stack-version'], errors: [] });
    });
  });

  describe('file names that are not UTF-8', () => {
    const temp = useTempDir('names');

    it('are linted and fixed by the CLI, not skipped as ENOENT', () => {
      const latin1 = Buffer.from('caf\xe9.py', 'latin1');
      const dir = Buffer.from('d\xe9p', 'latin1');
      const sep = Buffer.from('/');
      const root = Buffer.from(temp.path);
      temp.write('ok.py', 'x = 1\n');
      require('node:fs').mkdirSync(Buffer.concat([root, sep, dir]));
      require('node:fs').writeFileSync(Buffer.concat([root, sep, latin1]), 'print(1)\n');
      require('node:fs').writeFileSync(Buffer.concat([root, sep, dir, sep, Buffer.from('x.py')]), 'import pytz\n');
      const result = runCli(temp.path, '.', '--format', 'json');
      assert.equal(result.stderr, '');
      assert.deepEqual(JSON.parse(result.stdout).map((f: { rule: string }) => f.rule).sort(), ['print-call', 'pytz-usage']);
      const fixed = runCli(temp.path, '.', '--fix', '--unsafe-fixes');
      assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
      assert.match(readFileSync(Buffer.concat([root, sep, latin1]), 'utf8'), /logger\.info\(1\)/);
    });
  });
});
