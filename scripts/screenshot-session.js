// One screenshot session in the real VS Code workbench (code-server in headless
// chromium): copy a workspace, open it with the extension under development, let
// the caller drive the page, save the shot. Shared by the screenshot scripts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startCodeServer, launchChromium, copyWorkspace } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');

/** Dark theme, no minimap, breadcrumbs or layout controls: the workbench as the docs show it. */
const SCREENSHOT_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'breadcrumbs.enabled': false,
};

/** A logger that prefixes each line with the seconds since it was made. */
function stopwatchLog(label) {
  const started = Date.now();
  return (...args) => console.log(`[${label} ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);
}

/**
 * Opens a copy of `workspaceSource` in the workbench, runs `drive(page)`, and
 * saves the page to `shot`. On failure the page as it was goes to
 * `<shot>-failed.png`; the server, browser and copies are removed either way.
 */
async function takeWorkbenchShot({ tools, workspaceSource, userSettings, viewport, shot, say }, drive) {
  const workspace = copyWorkspace(workspaceSource);
  const server = await startCodeServer({ ...tools, userSettings });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    await page.goto(server.workbenchUrl(workspace, [['extensionDevelopmentPath', server.remoteUri(ROOT)], ['skipWelcome', 'true']]));
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    say('workbench up');
    await drive(page);
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    say(`saved ${path.relative(ROOT, shot)}`);
  } catch (error) {
    const failed = shot.replace(/\.png$/, '-failed.png');
    if (browser) await browser.contexts()[0]?.pages()[0]?.screenshot({ path: failed }).catch(() => undefined);
    say(`failed; the workbench as it was: ${failed}`);
    throw error;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(server.tmp, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/** Runs an async main and exits 1 with its message when it fails. */
function runMain(main) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

module.exports = { ROOT, SCREENSHOT_SETTINGS, stopwatchLog, takeWorkbenchShot, runMain };
