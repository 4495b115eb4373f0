import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import { CACHE_DIR, hashOfRead, hashText, ResultCache, settingsKey, statOfRead } from '../../server/src/engine/cache';
import { useTempDir } from '../support/tempDir';

describe('result cache', () => {
  const temp = useTempDir('cache');
  const bytes = (path: string) => () => readFileSync(path);
  const isResults = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

  function stored(path: string, text: string, settings = 's1', reads: Record<string, string | null> = {}) {
    writeFileSync(path, text);
    const cache = ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.0', { isResults });
    cache.store(path, readFileSync(path), settings, reads, ['finding']);
    cache.save();
    return ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.0', { isResults });
  }

  it('serves a file whose content, settings and reads are unchanged, across runs', () => {
    const path = temp.write('a.py', 'print(1)\n');
    const cache = stored(path, 'print(1)\n');
    assert.deepEqual(cache.lookup(path, 's1', temp.path, bytes(path)), ['finding']);
    assert.equal(cache.hits, 1);
  });

  it('misses when the content changes, even with the same size and mtime', () => {
    const path = temp.write('a.py', '');
    const cache = stored(path, 'print(1)\n');
    const { mtime } = statSync(path);
    writeFileSync(path, 'print(2)\n');
    utimesSync(path, mtime, mtime);
    assert.equal(cache.lookup(path, 's1', temp.path, bytes(path)), undefined);
  });

  it('keeps a result with the file as it was read: an edit made after the read (while other files lint) misses', () => {
    const path = temp.write('a.py', 'print(1)\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const read = readFileSync(path);
    const stat = statSync(path);
    writeFileSync(path, '#rint(1)\n');
    const cache = ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.0', { isResults });
    cache.storeLinted(path, { size: read.length, hash: hashText(read), stat: statOfRead(stat), readAt: Date.now() }, 's1', {}, ['print-call']);
    cache.save();
    const next = ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.0', { isResults });
    assert.equal(next.lookup(path, 's1', temp.path, bytes(path)), undefined);
  });

  it('misses when the settings differ', () => {
    const path = temp.write('a.py', '');
    const cache = stored(path, 'x = 1\n');
    assert.equal(cache.lookup(path, 's2', temp.path, bytes(path)), undefined);
  });

  it('misses when a file the lint read has changed, appeared or gone', () => {
    const dev = temp.write('requirements-dev.txt', 'black\n');
    const path = temp.write('requirements.txt', '');
    const cache = stored(path, 'pytest\n', 's1', { [dev]: hashOfRead(dev, temp.path) });
    assert.deepEqual(cache.lookup(path, 's1', temp.path, bytes(path)), ['finding']);
    writeFileSync(dev, 'black\npytest\n');
    assert.equal(cache.lookup(path, 's1', temp.path, bytes(path)), undefined);
    const absent = join(temp.path, 'pyproject.toml');
    const second = stored(path, 'pytest\n', 's1', { [absent]: hashOfRead(absent, temp.path) });
    assert.deepEqual(second.lookup(path, 's1', temp.path, bytes(path)), ['finding']);
    writeFileSync(absent, '[tool.stacklint]\n');
    assert.equal(second.lookup(path, 's1', temp.path, bytes(path)), undefined);
  });

  it('within one CLI run (stableReads) hashes each other file once, as the run first read it', () => {
    const dev = temp.write('requirements-dev.txt', 'black\n');
    const a = temp.write('requirements.txt', '');
    const b = temp.write('requirements-test.txt', '');
    const reads = { [dev]: hashOfRead(dev, temp.path) };
    for (const path of [a, b]) stored(path, 'pytest\n', 's1', reads);
    const run = ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.0', { stableReads: true, isResults });
    assert.deepEqual(run.lookup(a, 's1', temp.path, bytes(a)), ['finding']);
    writeFileSync(dev, 'black\npytest\n');
    assert.deepEqual(run.lookup(b, 's1', temp.path, bytes(b)), ['finding']);
    // The next run (or a server, which never sets stableReads) sees the change.
    assert.equal(ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.0', { isResults }).lookup(b, 's1', temp.path, bytes(b)), undefined);
  });

  it('starts empty on another stacklint version or a corrupt index, and keeps itself out of git', () => {
    const path = temp.write('a.py', '');
    stored(path, 'x = 1\n');
    assert.equal(readFileSync(join(temp.path, CACHE_DIR, '.gitignore'), 'utf8').split('\n')[1], '*');
    assert.equal(ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.1', { isResults }).lookup(path, 's1', temp.path, bytes(path)), undefined);
    writeFileSync(join(temp.path, CACHE_DIR, 'results.json'), '{"format":1,');
    assert.equal(ResultCache.open<string[]>(join(temp.path, CACHE_DIR), '1.0.0', { isResults }).lookup(path, 's1', temp.path, bytes(path)), undefined);
  });

  it('leaves no temporary files behind and writes nothing when nothing changed', () => {
    const path = temp.write('a.py', '');
    const cache = stored(path, 'x = 1\n');
    cache.lookup(path, 's1', temp.path, bytes(path));
    cache.save();
    const left = readdirSync(join(temp.path, CACHE_DIR));
    assert.deepEqual(left.sort(), ['.gitignore', 'results.json']);
    assert.ok(existsSync(join(temp.path, CACHE_DIR, 'results.json')));
  });

  it('keys settings by every configuration value', () => {
    const a = defaultConfig('/w');
    const b = { ...defaultConfig('/w'), disable: ['print-call'] };
    assert.notEqual(settingsKey(a), settingsKey(b));
    assert.equal(settingsKey(a), settingsKey(defaultConfig('/w')));
  });
});
