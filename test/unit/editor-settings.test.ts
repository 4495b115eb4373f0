import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_EDITOR_SETTINGS, EDITOR_SETTING_KEYS, LOG_LEVELS, parseEditorSettings } from '../../server/src/lsp/editorSettings';
import { REPO } from '../support/fixtures';

describe('editor settings', () => {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const properties: Record<string, { default: unknown; enum?: string[] }> = manifest.contributes.configuration.properties;

  it("package.json's schema declares exactly the server's settings, with the same defaults", () => {
    const declared = Object.keys(properties).filter((key) => key !== 'stacklint.trace.server').sort();
    assert.deepEqual(declared, Object.values(EDITOR_SETTING_KEYS).sort());
    for (const [key, value] of Object.entries(DEFAULT_EDITOR_SETTINGS)) {
      assert.deepEqual(properties[EDITOR_SETTING_KEYS[key as keyof typeof EDITOR_SETTING_KEYS]].default, value, key);
    }
    assert.deepEqual(properties['stacklint.run'].enum, ['onType', 'onSave']);
    assert.deepEqual(properties['stacklint.logLevel'].enum, [...LOG_LEVELS]);
  });

  it('keeps well-formed values and drops the rest', () => {
    assert.deepEqual(parseEditorSettings({ enable: false, run: 'onSave', severity: { 'print-call': 'error', 'bare-except': 'loud', x: 3 }, lintDelay: 40, baseline: 'hide', fixAll: { unsafe: true }, cache: false }), {
      enable: false,
      run: 'onSave',
      severity: { 'print-call': 'error' },
      lintDelay: 40,
      configuration: null,
      logLevel: 'info',
      baseline: 'hide',
      fixAllUnsafe: true,
      cache: false,
    });
    assert.deepEqual(parseEditorSettings({ configuration: ' ~/team/pyproject.toml ', logLevel: 'debug' }), {
      ...DEFAULT_EDITOR_SETTINGS,
      configuration: '~/team/pyproject.toml',
      logLevel: 'debug',
    });
    assert.equal(parseEditorSettings({ configuration: 7, logLevel: 'loud' }).logLevel, 'info');
    assert.equal(parseEditorSettings({ lintDelay: -5 }).lintDelay, null);
    assert.equal(parseEditorSettings({ lintDelay: 'soon' }).lintDelay, null);
    assert.equal(parseEditorSettings({ baseline: 'loud' }).baseline, 'hint');
    assert.deepEqual(properties['stacklint.baseline'].enum, ['hint', 'hide', 'off']);
    assert.equal(parseEditorSettings({ fixAll: { unsafe: 'yes' } }).fixAllUnsafe, false);
    assert.equal(parseEditorSettings({ cache: 'no' }).cache, true);
    assert.deepEqual(parseEditorSettings('garbage'), DEFAULT_EDITOR_SETTINGS);
  });
});
