// The real command line with one more rule, which throws on files that
// contain "boom": what a user sees when a rule fails. Run by
// cli-reliability.test.ts in a child process; not a test file itself.
import { basename } from 'node:path';
import { definePythonRule } from '../../server/src/python/rule';
import { PYTHON_RULES } from '../../server/src/python/rules/index';

PYTHON_RULES.unshift(
  definePythonRule({
    meta: { id: 'always-throws', kind: 'python', defaultSeverity: 'error', ruff: [], fixable: false, summary: 'test rule', sections: [] },
    check(file) {
      if (file.text.includes('boom')) throw new TypeError(`boom in ${basename(file.path)}`);
    },
  }),
);
// Loaded after the rule is registered; the CLI starts as it loads.
require('../../server/src/cli/main');
