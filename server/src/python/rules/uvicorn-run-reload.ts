/**
 * ## What it does
 * Flags `uvicorn.run(..., reload=True)` outside an
 * `if __name__ == "__main__":` block, and anywhere in an application module:
 * a module under the `app` package (§8) or one that creates the application
 * (`app = FastAPI()`). A `reload=` that is not the literal `True`
 * (`reload=settings.debug`) is left alone, as are test files.
 *
 * ## Why is this bad?
 * `reload=True` starts uvicorn's development reloader: a supervisor that
 * watches the file system and restarts the server on every change, with a
 * single worker. The standard never runs a development server in production
 * (§2.8); outside the `__main__` guard the call runs whenever the module is
 * imported, and in the application's own modules it ships with the service.
 * Development reloads belong on the command line
 * (`uvicorn app.main:app --reload`, §2.8).
 *
 * ## Example
 * ```python
 * import uvicorn
 * from fastapi import FastAPI
 *
 * app = FastAPI()
 *
 * uvicorn.run("app.main:app", host="0.0.0.0", port=8010, reload=True)
 * ```
 *
 * ## Use instead
 * ```python
 * from fastapi import FastAPI
 *
 * app = FastAPI()
 * # Production: uvicorn app.main:app --host 0.0.0.0 --port 8010 --workers 4
 * # Development: uvicorn app.main:app --reload --port 8010
 * ```
 *
 * The fix removes `reload=True` and the options that only work with it
 * (`reload_dirs`, `reload_includes`, `reload_excludes`, `reload_delay`, when
 * their values are literals). It is unsafe: the server no longer restarts on
 * code changes and `workers=` starts to apply.
 */
import { definePythonRule } from '../rule';
import { devServerRuns, removeKeywords } from '../devServer';
import type { Node } from '../parse';

const RELOAD_OPTIONS = ['reload', 'reload_dirs', 'reload_includes', 'reload_excludes', 'reload_delay'];

export default definePythonRule({
  meta: {
    id: 'uvicorn-run-reload',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: [],
    fixable: true,
    summary: '`uvicorn.run(..., reload=True)` outside `if __name__ == "__main__":` or in an application module',
    sections: ['§2.8'],
  },
  check(file, report, { config }) {
    const isRun = (fn: Node) => file.qualifiedName(fn) === 'uvicorn.run';
    for (const { call, flag: reload, where } of devServerRuns(file, config.root, 'reload', isRun)) {
      const edits = removeKeywords(file, call, RELOAD_OPTIONS);
      report({
        range: file.range(reload),
        message: `\`uvicorn.run(..., reload=True)\` ${where} runs the development reloader; never a development server in production, reload from the command line (§2.8)`,
        fix: edits && { title: 'Remove `reload=True`', safe: false, edits },
      });
    }
  },
});
