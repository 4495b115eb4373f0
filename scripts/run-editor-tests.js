#!/usr/bin/env node
// Runs the editor tests (dist/test/editor/index.js, a mocha suite) inside a
// real VS Code: code-server's node extension host, opened headless in chromium
// with VS Code's own test payload (extensionDevelopmentPath + extensionTestsPath).
// Exits 0 only when tests ran and all passed. Env: EDITOR_TEST_TIMEOUT (s,
// default 300), VERBOSE=1 (relay all workbench output), KEEP_TMP=1,
// STACKLINT_EDITOR_GREP (run only matching tests), STACKLINT_EXTENSION_DIR
// (test another copy of the extension, e.g. an unpacked .vsix's extension/ folder).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { ensureTools, startCodeServer, launchChromium, copyWorkspace } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
const TESTS = path.join(ROOT, 'dist', 'test', 'editor', 'index.js');
const EXTENSION = path.resolve(process.env.STACKLINT_EXTENSION_DIR || ROOT);
const WORKSPACE = path.join(ROOT, 'test', 'editor', 'workspace');
const TIMEOUT_MS = Number(process.env.EDITOR_TEST_TIMEOUT || 300) * 1000;
const RESULT_LINE = /^stacklint-editor-tests: (\{.*\})$/;
// Connection chatter the workbench logs on every start; it hides the test output.
const NOISE = /^(Resolving connection|Resolved connection|Creating a socket|\[reconnection|Updating additional|\[Service Worker|\[AgentHost|\[AccountPolicy)/;

const started = Date.now();
const say = (...args) => console.log(`[editor-tests ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

async function main() {
  if (!fs.existsSync(TESTS)) throw new Error(`${TESTS} is missing: run "npm run build" first`);
  const tools = ensureTools();
  const workspace = copyWorkspace(WORKSPACE);
  const server = await startCodeServer(tools);
  say(`code-server listening on ${server.authority}`);
  let browser;
  let finished = false;
  const counts = { passed: 0, failed: 0, reported: false };

  const finish = async (code, why) => {
    if (finished) return;
    finished = true;
    if (code === 0 && (!counts.reported || counts.passed + counts.failed === 0)) {
      code = 4;
      why += ' but no test ran';
    }
    if (code === 0 && counts.failed > 0) code = 1;
    say(`${why} -> exit code ${code}`);
    console.log(`editor: ${counts.passed} passed, ${counts.failed} failed`);
    try { if (browser) await browser.close(); } catch { /* already closed */ }
    await server.stop();
    if (code !== 0 || process.env.KEEP_TMP) {
      say(`code-server log kept at ${server.logFile}; workspace copy at ${workspace}`);
    } else {
      fs.rmSync(server.tmp, { recursive: true, force: true });
      fs.rmSync(workspace, { recursive: true, force: true });
    }
    process.exit(code);
  };
  const timer = setTimeout(() => void finish(2, `timed out after ${TIMEOUT_MS / 1000}s`), TIMEOUT_MS);
  server.child.on('exit', (code, signal) => void finish(3, `code-server exited early (code ${code}, signal ${signal})`));
  process.on('SIGINT', () => void finish(130, 'interrupted'));
  process.on('SIGTERM', () => void finish(143, 'terminated'));

  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => console.error('[page error]', error.message));
  // VS Code's web test driver calls these two globals: every console call of
  // the extension host arrives in codeAutomationLog, the result in codeAutomationExit.
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = util.format(...(args || []));
    const result = RESULT_LINE.exec(line.trim());
    if (result) {
      const { passed, failed } = JSON.parse(result[1]);
      Object.assign(counts, { passed, failed, reported: true });
    }
    if (process.env.VERBOSE || !NOISE.test(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', async (code) => {
    clearTimeout(timer);
    await finish(code, 'tests finished');
  });
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(EXTENSION)],
    ['extensionTestsPath', server.remoteUri(TESTS)],
    ['skipWelcome', 'true'],
  ];
  say(`opening the workbench on ${workspace}`);
  await page.goto(server.workbenchUrl(workspace, payload));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
