#!/usr/bin/env node
// Takes docs/screenshot.png: the real VS Code workbench (code-server) on
// examples/legacy-service with stacklint's squiggles, the Problems panel after
// "Lint Workspace", and the quick-fix menu on a bare `except:`.
// Run "npm run build" first. Env: SHOT (output path), FILE, LINE (the finding to open the menu on).
'use strict';
const path = require('node:path');
const { ensureTools } = require('./code-server');
const { ROOT, SCREENSHOT_SETTINGS, stopwatchLog, takeWorkbenchShot, runMain } = require('./screenshot-session');

const SHOT = path.resolve(process.env.SHOT || path.join(ROOT, 'docs', 'screenshot.png'));
const FILE = process.env.FILE || 'main.py';
const LINE = process.env.LINE || '28:5';
const say = stopwatchLog('screenshot');

async function main() {
  const session = {
    tools: ensureTools(),
    workspaceSource: path.join(ROOT, 'examples', 'legacy-service'),
    userSettings: SCREENSHOT_SETTINGS,
    viewport: { width: 1440, height: 900 },
    shot: SHOT,
    say,
  };
  await takeWorkbenchShot(session, async (page) => {
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
  });
}

runMain(main);
