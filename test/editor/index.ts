// Loaded by VS Code through extensionTestsPath (code-server or @vscode/test-electron):
// VS Code calls run() inside the extension host once the test workspace is open.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  const grep = process.env.STACKLINT_EDITOR_GREP;
  if (grep) mocha.grep(grep);
  // The runner starts a second VS Code in Restricted Mode for restricted.test.js alone.
  const restricted = process.env.STACKLINT_EDITOR_PASS === 'restricted';
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js') && (name === 'restricted.test.js') === restricted);
  for (const file of files.sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0 } = runner.stats ?? {};
      // The code-server runner reads this line to know that tests ran at all.
      console.log(`stacklint-editor-tests: ${JSON.stringify({ passed: passes, failed })}`);
      if (failures > 0) reject(new Error(`${failures} editor tests failed.`));
      else if (passes === 0) reject(new Error('No editor test ran.'));
      else resolve();
    });
  });
}
