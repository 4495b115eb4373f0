/**
 * ## What it does
 * Flags `app.run(debug=True)` on a Flask application (a name bound to
 * `Flask(...)`, or `Flask(...).run(...)` itself) outside an
 * `if __name__ == "__main__":` block, and anywhere in an application module:
 * a module under the `app` package (§8) or one that creates the
 * application. A `debug=` that is not the literal `True` is left alone, as
 * are test files. Ruff's S201 flags `debug=True` even under the guard; its
 * `# noqa: S201` silences this rule too.
 *
 * ## Why is this bad?
 * `debug=True` starts Werkzeug's development server with its interactive
 * debugger, which runs any Python code a visitor types into an error page.
 * The standard never runs a development server in production (§2.8), and
 * Flask itself is off the stack (§2.1).
 *
 * ## Example
 * ```python
 * from flask import Flask
 *
 * app = Flask(__name__)
 * app.run(host="0.0.0.0", debug=True)
 * ```
 *
 * ## Use instead
 * ```python
 * from fastapi import FastAPI
 *
 * app = FastAPI()
 * # Served by: uvicorn app.main:app --host 0.0.0.0 --port 8010
 * ```
 *
 * The fix removes `debug=True`; it is unsafe: the debugger and the reloader
 * go away with it.
 */
import type { PythonFile } from '../file';
import type { Node } from '../parse';
import { definePythonRule } from '../rule';
import { devServerRuns, removeKeywords } from '../devServer';

export default definePythonRule({
  meta: {
    id: 'flask-debug',
    kind: 'python',
    defaultSeverity: 'error',
    ruff: ['S201'],
    fixable: true,
    summary: '`app.run(debug=True)` on a Flask app outside `if __name__ == "__main__":` or in an application module',
    sections: ['§2.8'],
  },
  check(file, report, { config }) {
    const isRun = (fn: Node) => fn.type === 'attribute' && isFlaskApp(file, fn.childForFieldName('object'));
    for (const { call, flag: debug, where } of devServerRuns(file, config.root, 'debug', isRun)) {
      const edits = removeKeywords(file, call, ['debug']);
      report({
        range: file.range(debug),
        message: `\`run(debug=True)\` ${where} starts Flask's development server and debugger; never a development server in production (§2.8)`,
        fix: edits && { title: 'Remove `debug=True`', safe: false, edits },
      });
    }
  },
});

function isFlask(file: PythonFile, call: Node | null | undefined): boolean {
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  return fn !== null && fn !== undefined && file.qualifiedName(fn) === 'flask.Flask';
}

/** `app` where `app = Flask(__name__)`, or `Flask(__name__)` itself. */
function isFlaskApp(file: PythonFile, object: Node | null): boolean {
  if (!object) return false;
  if (object.type === 'call') return isFlask(file, object);
  if (object.type !== 'identifier') return false;
  const binding = file.binding(object.text, object);
  return binding?.kind === 'local' && binding.node.type === 'assignment' && isFlask(file, binding.node.childForFieldName('right'));
}
