#!/usr/bin/env node
// Runs the editor tests (dist/test/editor/index.js, a mocha suite) inside a
// real VS Code: code-server's node extension host, opened headless in chromium
// with VS Code's own test payload (extensionDevelopmentPath + extensionTestsPath).
// Two passes: the main suite in a trusted multi-root workspace, then the
// Restricted Mode suite with workspace trust on, the workspace untrusted and
// stacklint installed (VS Code never holds back an extension under development)
// with an empty stand-in extension carrying the test run.
// Exits 0 only when tests ran and all passed. Env: EDITOR_TEST_TIMEOUT (s per
// pass, default 300), VERBOSE=1 (relay all workbench output), KEEP_TMP=1,
// STACKLINT_EDITOR_GREP (run only matching tests), STACKLINT_EDITOR_PASSES
// (e.g. "main" or "restricted"), STACKLINT_EXTENSION_DIR (test another copy
// of the extension, e.g. an unpacked .vsix's extension/ folder).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { ensureTools, startCodeServer, launchChromium, copyWorkspace, workspaceFileFor } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
const TESTS = path.join(ROOT, 'dist', 'test', 'editor', 'index.js');
const EXTENSION = path.resolve(process.env.STACKLINT_EXTENSION_DIR || ROOT);
const WORKSPACE = path.join(ROOT, 'test', 'editor', 'workspace');
const TIMEOUT_MS = Number(process.env.EDITOR_TEST_TIMEOUT || 300) * 1000;
const RESULT_LINE = /^stacklint-editor-tests: (\{.*\})$/;
// Connection chatter the workbench logs on every start; it hides the test output.
const NOISE = /^(Resolving connection|Resolved connection|Creating a socket|\[reconnection|Updating additional|\[Service Worker|\[AgentHost|\[AccountPolicy)/;
/** The passes; index.ts picks the test files of a pass from STACKLINT_EDITOR_PASS. */
const PASSES = [
  { name: 'main', restricted: false },
  { name: 'restricted', restricted: true },
];

const started = Date.now();
/** The code-server of the running pass, stopped (with its process group) on Ctrl+C. */
let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (current) await current.stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
const say = (...args) => console.log(`[editor-tests ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

/** Runs one pass in its own code-server and browser; resolves with its exit code and counts. */
async function runPass(tools, pass) {
  const folder = copyWorkspace(WORKSPACE);
  const workspace = workspaceFileFor(folder);
  // Workspace trust applies to installed extensions only: the restricted pass installs it.
  const server = await startCodeServer({
    ...tools, restricted: pass.restricted, env: { STACKLINT_EDITOR_PASS: pass.name }, installed: pass.restricted ? EXTENSION : undefined,
  });
  current = server;
  say(`${pass.name}: code-server listening on ${server.authority}`);
  const counts = { passed: 0, failed: 0, reported: false };
  let browser;
  const code = await new Promise((resolve) => {
    let settled = false;
    const settle = (value, why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      say(`${pass.name}: ${why}`);
      resolve(value);
    };
    const timer = setTimeout(() => settle(2, `timed out after ${TIMEOUT_MS / 1000}s`), TIMEOUT_MS);
    server.child.on('exit', (exitCode, signal) => settle(3, `code-server exited early (code ${exitCode}, signal ${signal})`));
    (async () => {
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('pageerror', (error) => console.error('[page error]', error.message));
      // VS Code's web test driver calls these two globals: every console call of
      // the extension host arrives in codeAutomationLog, the result in codeAutomationExit.
      await page.exposeFunction('codeAutomationLog', (_type, args) => {
        const line = util.format(...(args || []));
        const result = RESULT_LINE.exec(line.trim());
        if (result) Object.assign(counts, JSON.parse(result[1]), { reported: true });
        if (process.env.VERBOSE || !NOISE.test(line)) console.log(line);
      });
      await page.exposeFunction('codeAutomationExit', (exitCode) => settle(exitCode, 'tests finished'));
      // VS Code runs extension tests only with an extension under development: in the
      // restricted pass that is an empty stand-in, and stacklint is installed.
      const developed = pass.restricted ? standInExtension(server.tmp) : EXTENSION;
      const payload = [
        ['extensionDevelopmentPath', server.remoteUri(developed)],
        ['extensionTestsPath', server.remoteUri(TESTS)],
        ['skipWelcome', 'true'],
      ];
      say(`${pass.name}: opening the workbench on ${workspace}${pass.restricted ? ' (untrusted)' : ''}`);
      await page.goto(server.workbenchUrl(workspace, payload));
    })().catch((error) => settle(1, `failed: ${error instanceof Error ? error.message : error}`));
  });
  try { if (browser) await browser.close(); } catch { /* already closed */ }
  await server.stop();
  current = undefined;
  let result = code;
  if (result === 0 && (!counts.reported || counts.passed + counts.failed === 0)) result = 4;
  if (result === 0 && counts.failed > 0) result = 1;
  if (result !== 0 || process.env.KEEP_TMP) {
    say(`${pass.name}: code-server log kept at ${server.logFile}; workspace copy at ${folder}`);
  } else {
    fs.rmSync(server.tmp, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(workspace, { force: true });
  }
  return { code: result, ...counts };
}

/** An extension that contributes nothing, to carry the test run when stacklint itself is installed. */
function standInExtension(dir) {
  const folder = path.join(dir, 'test-host');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({
    name: 'stacklint-test-host', publisher: 'stacklint', version: '0.0.0', engines: { vscode: '^1.90.0' },
  }));
  return folder;
}

async function main() {
  if (!fs.existsSync(TESTS)) throw new Error(`${TESTS} is missing: run "npm run build" first`);
  const tools = ensureTools();
  const wanted = (process.env.STACKLINT_EDITOR_PASSES || PASSES.map((pass) => pass.name).join(',')).split(',');
  const totals = { passed: 0, failed: 0 };
  let code = 0;
  for (const pass of PASSES.filter((candidate) => wanted.includes(candidate.name))) {
    const result = await runPass(tools, pass);
    totals.passed += result.passed;
    totals.failed += result.failed;
    if (result.code !== 0 && code === 0) code = result.code;
    say(`${pass.name}: ${result.passed} passed, ${result.failed} failed -> exit code ${result.code}`);
  }
  console.log(`editor: ${totals.passed} passed, ${totals.failed} failed`);
  process.exit(code);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
