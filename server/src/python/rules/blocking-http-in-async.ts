/**
 * ## What it does
 * Flags blocking HTTP calls made directly inside an `async def`: the
 * `requests` functions (`requests.get`, `requests.post`, ...), the module
 * level sync helpers of httpx (`httpx.get`, `httpx.post`, ...),
 * `urllib.request.urlopen` and `urllib3.request`. A sync function defined
 * inside the coroutine is not flagged: it may well run in a thread pool.
 *
 * ## Why is this bad?
 * A blocking call inside a coroutine stops the event loop: every other
 * request the FastAPI worker is serving waits until the remote server
 * answers. The standard (§2.5) chooses httpx for its async client.
 *
 * ## Example
 * ```python
 * import requests
 *
 * async def fetch_status(url: str) -> int:
 *     return requests.get(url, timeout=10).status_code
 * ```
 *
 * ## Use instead
 * ```python
 * import httpx
 *
 * async def fetch_status(url: str) -> int:
 *     async with httpx.AsyncClient(timeout=10.0) as client:
 *         response = await client.get(url)
 *     return response.status_code
 * ```
 */
import { definePythonRule } from '../rule';

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

/** Qualified names of calls that block on the network. */
const BLOCKING = new Set([
  ...VERBS.map((verb) => `requests.${verb}`),
  ...VERBS.map((verb) => `requests.api.${verb}`),
  ...VERBS.map((verb) => `httpx.${verb}`),
  'httpx.stream',
  'urllib.request.urlopen',
  'urllib3.request',
]);

const BLOCKING_NAMES = [...new Set([...BLOCKING].map((name) => name.split('.').pop()!))];

export default definePythonRule({
  meta: {
    id: 'blocking-http-in-async',
    kind: 'python',
    defaultSeverity: 'warning',
    ruff: ['ASYNC210'],
    fixable: false,
    summary: '`requests.*`, sync `httpx.<verb>()` or `urllib.request.urlopen` called inside `async def`',
    sections: ['§2.5'],
  },
  // Reads beyond its statement only what the file's incremental facts fingerprint (module bindings, imports, uses of imported names).
  statementLocal: true,
  check(file, report) {
    for (const call of file.checked(file.calls(...BLOCKING_NAMES))) {
      const callee = call.childForFieldName('function');
      if (!callee || (callee.type !== 'attribute' && callee.type !== 'identifier')) continue;
      const name = file.qualifiedName(callee);
      if (!name || !BLOCKING.has(name)) continue;
      // Only the innermost function or lambda decides whether the call blocks a loop.
      const fn = file.enclosingCallable(call);
      if (!fn || fn.type !== 'function_definition' || !file.isAsyncFunction(fn)) continue;
      const coroutine = fn.childForFieldName('name')?.text ?? '?';
      report({
        range: file.range(callee),
        message: `Blocking HTTP call \`${name}()\` inside \`async def ${coroutine}\` stalls the event loop; use \`httpx.AsyncClient\` and \`await\` it (§2.5)`,
      });
    }
  },
});
