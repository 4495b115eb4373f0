#!/usr/bin/env node
// Takes docs/notebook.png (a Jupyter notebook whose cells are linted as one
// module, with the Problems panel), docs/version-completion.png (versions
// offered after `pydantic==` in requirements.txt) and docs/source-action.png
// (the real "Source Action..." menu listing stacklint's fix-all; the script
// fails when it does not) in the real VS Code workbench (code-server) on the
// editor-test workspace. Run "npm run build" first.
// Env: ONLY=notebook|completion|sourceAction.
'use strict';
const path = require('node:path');
const { ensureTools } = require('./code-server');
const { ROOT, SCREENSHOT_SETTINGS, stopwatchLog, takeWorkbenchShot, runMain } = require('./screenshot-session');

const say = stopwatchLog('screenshots');
const USER_SETTINGS = { ...SCREENSHOT_SETTINGS, 'notebook.lineNumbers': 'on' };

/** Opens a file of the workspace through Quick Open, as a user would. */
async function quickOpen(page, name) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${name}")`, { timeout: 20000 });
  await page.keyboard.press('Enter');
}

const SHOTS = {
  async notebook(page) {
    await quickOpen(page, 'analysis.ipynb');
    await page.waitForSelector('.notebook-editor .cell-list-container', { timeout: 30000 });
    await page.waitForSelector('.notebook-editor .squiggly-warning', { timeout: 60000 });
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row:has-text("naive-datetime")', { timeout: 30000 });
    say('notebook squiggles and problems shown');
  },
  async completion(page) {
    await quickOpen(page, 'requirements.txt');
    await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 30000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('pydantic==', { delay: 60 });
    await page.waitForSelector('.suggest-widget .monaco-list-row:has-text("2.5.0")', { timeout: 30000 });
    // Show the details of the focused item (the reference pin) too.
    await page.keyboard.press('Control+Space');
    await page.waitForTimeout(500);
    say('completion list:', JSON.stringify(await page.locator('.suggest-widget .monaco-list-row').allInnerTexts()));
  },
  async sourceAction(page) {
    await quickOpen(page, 'main.py');
    await page.waitForSelector('.editor-instance .monaco-editor .squiggly-warning', { timeout: 60000 });
    await page.locator('.editor-instance .monaco-editor .view-lines').click();
    await page.keyboard.press('F1');
    await page.keyboard.type('Source Action...');
    await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Source Action...")', { timeout: 20000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.action-widget .monaco-list-row:has-text("Fix all stacklint problems")', { timeout: 20000 });
    say('source actions:', JSON.stringify(await page.locator('.action-widget .monaco-list-row').allInnerTexts()));
  },
};

const SHOT_FILES = { notebook: 'notebook.png', completion: 'version-completion.png', sourceAction: 'source-action.png' };

async function takeShot(tools, name) {
  const session = {
    tools,
    workspaceSource: path.join(ROOT, 'test', 'editor', 'workspace'),
    userSettings: USER_SETTINGS,
    viewport: { width: 1280, height: 760 },
    shot: path.join(ROOT, 'docs', SHOT_FILES[name]),
    say,
  };
  await takeWorkbenchShot(session, async (page) => {
    await page.waitForSelector('#status\\.problems', { timeout: 60000 });
    await SHOTS[name](page);
  });
}

async function main() {
  const tools = ensureTools();
  for (const name of Object.keys(SHOTS).filter((candidate) => !process.env.ONLY || process.env.ONLY === candidate)) {
    await takeShot(tools, name);
  }
}

runMain(main);
