#!/usr/bin/env node
// Takes docs/screenshot.png: the real VS Code workbench (code-server) on
// examples/legacy-service with stacklint's squiggles, the Problems panel after
// "Lint Workspace", and the quick-fix menu on a bare `except:`.
// Run "npm run build" first. Env: SHOT (output path), FILE, LINE (the finding to open the menu on).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ensureTools, startCodeServer, launchChromium, copyWorkspace } = require('./code-server');

const ROOT = path.resolve(__dirname, '..');
const SHOT = path.resolve(process.env.SHOT || path.join(ROOT, 'docs', 'screenshot.png'));
const FILE = process.env.FILE || 'main.py';
const LINE = process.env.LINE || '28:5';
const started = Date.now();
const say = (...args) => console.log(`[screenshot ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

async function main() {
  const tools = ensureTools();
  const workspace = copyWorkspace(path.join(ROOT, 'examples', 'legacy-service'));
  const server = await startCodeServer({
    ...tools,
    userSettings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'window.commandCenter': false,
      'workbench.layoutControl.enabled': false,
      'editor.minimap.enabled': false,
      'editor.fontSize': 14,
      'breadcrumbs.enabled': false,
    },
  });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const payload = [['extensionDevelopmentPath', server.remoteUri(ROOT)], ['skipWelcome', 'true']];
    await page.goto(server.workbenchUrl(workspace, payload));
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    say('workbench up');
    const explorer = '.explorer-folders-view .monaco-list-row';
    await page.locator(explorer, { hasText: /^app$/ }).first().click();
    await page.locator(explorer, { hasText: FILE }).first().click();
    await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 30000 });
    await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60000 });
    say('squiggles shown');

    // Fill the Problems panel with every file of the service.
    await page.keyboard.press('F1');
    await page.keyboard.type('Stack Lint: Lint Workspace');
    await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Lint Workspace")', { timeout: 20000 });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+M');
    // Files that were never opened show up once the workspace lint has run.
    await page.waitForSelector('.markers-panel .monaco-list-row:has-text("requirements.txt")', { timeout: 60000 });
    say('problems panel filled');

    // Back to the editor, onto the finding, and open the quick-fix menu.
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(LINE);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+.');
    await page.waitForSelector('.action-widget', { state: 'visible', timeout: 20000 });
    const items = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
    say('quick-fix menu:', JSON.stringify(items));
    fs.mkdirSync(path.dirname(SHOT), { recursive: true });
    await page.screenshot({ path: SHOT });
    say(`saved ${path.relative(ROOT, SHOT)}`);
  } catch (error) {
    const failed = SHOT.replace(/\.png$/, '-failed.png');
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

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
