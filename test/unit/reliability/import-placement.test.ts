import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/core/config';
import { fixAll } from '../../../server/src/engine/fixes';
import { initPythonParser } from '../../../server/src/python/parse';
import { assertCompiles } from '../../support/python';
import { newPyflakesFindings } from '../../support/ruffOracle';

// Lines a fix adds at module level (an import, the module logger) must start
// a logical line of their own: never after a line that a backslash continues,
// never inside brackets, a string or a compound statement, in LF, CRLF and
// CR-only files alike. Each case compiles before the fixes; after them it
// must still compile, have changed, and have no new unused import or
// undefined name.
const CASES: Record<string, string> = {
  'an import continued by a backslash onto a blank line (pytz fix)': 'import pytz \\\n\nUTC = pytz.utc\n',
  'the last import continued by a backslash (pytz fix, logger)': 'import os\nimport pytz \\\n\nUTC = pytz.utc\n\n\ndef f():\n    print(os.sep)\n',
  'an import continued by a backslash (print fix adds logging and logger)': 'import os \\\n\n\ndef f():\n    print(os.sep)\n',
  'a statement after a semicolon that spans lines': 'import os; X = (\n    1)\n\n\ndef f():\n    print(os.sep, X)\n',
  'a backslash-continued statement after the last import': 'import os; X = 1 + \\\n    2\n\n\ndef f():\n    print(os.sep, X)\n',
  'a docstring continued by a backslash': '"""Doc."""; X = \\\n    1\n\n\ndef f():\n    print(X)\n',
  'an import that sorts after the new one, on a continued line': 'import os; \\\nimport sys\n\n\ndef f():\n    print(os.sep, sys.argv)\n',
  'a from-import continued by a backslash gets a name (naive-datetime fix)':
    'from datetime import date, \\\n    datetime\n\n\ndef now():\n    return date.today(), datetime.utcnow()\n',
  'a file with nothing above the first statement (print fix adds logging at the top)': 'print(1)\n',
  'a backslash comment is not a continuation': 'import pytz  # see \\\nimport os\n\nUTC = pytz.utc\nSEP = os.sep\n',
};

/** Cases where no fix may apply: the result would not compile or would need more than the fix can see. */
const UNFIXED: Record<string, string> = {
  'pytz imported on a line a backslash continues into (the pytz fix would leave a dangling backslash)': 'from x import *\n\\\nimport pytz\n\nUTC = pytz.utc\n',
};

const NEWLINES: Record<string, string> = { LF: '\n', CRLF: '\r\n', 'CR only': '\r' };

describe('lines that fixes add start a logical line of their own', function () {
  this.timeout(60_000);
  before(() => initPythonParser());

  for (const [style, newline] of Object.entries(NEWLINES)) {
    describe(`in ${style} files`, () => {
      for (const [name, source] of Object.entries(CASES)) {
        it(name, () => {
          const before = source.replace(/\n/g, newline);
          assertCompiles(before, 'before.py');
          const after = fixAll('/project/app/main.py', before, defaultConfig('/project'), { unsafe: true }).text;
          assert.notEqual(after, before, 'no fix applied');
          assertCompiles(after);
          assert.deepEqual(newPyflakesFindings(before, after), [], `new Pyflakes findings in:\n${JSON.stringify(after)}`);
          if (newline !== '\n') assert.ok(!after.replace(/\r\n/g, '').replace(/\r/g, '').includes('\n'), `the fixes mixed in LF line breaks:\n${JSON.stringify(after)}`);
        });
      }
      for (const [name, source] of Object.entries(UNFIXED)) {
        it(name, () => {
          const before = source.replace(/\n/g, newline);
          assertCompiles(before, 'before.py');
          const after = fixAll('/project/app/main.py', before, defaultConfig('/project'), { unsafe: true }).text;
          assertCompiles(after);
          assert.deepEqual(newPyflakesFindings(before, after), [], `new Pyflakes findings in:\n${JSON.stringify(after)}`);
        });
      }
    });
  }

  // Python takes a byte-order mark only as the first character: what a fix adds at the top goes after it.
  describe('after a byte-order mark', () => {
    for (const [name, source] of Object.entries(CASES)) {
      it(name, () => {
        const before = `\ufeff${source}`;
        assertCompiles(before, 'before.py');
        const after = fixAll('/project/app/main.py', before, defaultConfig('/project'), { unsafe: true }).text;
        assert.notEqual(after, before, 'no fix applied');
        assert.ok(after.startsWith('\ufeff') && after.indexOf('\ufeff', 1) === -1, `the mark moved:\n${JSON.stringify(after)}`);
        assertCompiles(after);
      });
    }
  });
});
