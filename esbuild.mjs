// Bundles the client, the server, the CLI and the tests, and copies the
// tree-sitter wasm files and web-tree-sitter's code next to the bundles that load them.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// web-tree-sitter's CommonJS build calls createRequire(import.meta.url), which
// esbuild leaves undefined in CommonJS output: give it the bundle's own URL.
const common = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning',
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

function testEntries(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testEntries(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
// The parser loads web-tree-sitter's code itself (a fresh copy after a crash), so it ships as a file.
copyFileSync(require.resolve('web-tree-sitter'), 'dist/web-tree-sitter.cjs');

const builds = [
  { entryPoints: { server: 'server/src/main.ts', cli: 'server/src/cli/main.ts', 'cli-replay': 'server/src/cli/replay.ts', 'cli-worker': 'server/src/cli/worker.ts', 'lsp-worker': 'server/src/lsp/workspaceWorker.ts' }, outdir: 'dist' },
];
if (existsSync('client/src/extension.ts')) {
  builds.push({ entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] });
}
if (existsSync('bench/main.ts')) {
  // Ruff's wasm package loads its .wasm beside itself, so it stays in node_modules.
  builds.push({
    entryPoints: {
      'bench/bench': 'bench/main.ts',
      'bench/editor': 'bench/editorLatency.ts',
      'bench/editor-profile': 'bench/editorProfile.ts',
      'bench/workspace': 'bench/workspaceLint.ts',
      'bench/agreement': 'bench/agreement.ts',
      'bench/symtable': 'bench/symtable.ts',
      'bench/fix-safety': 'bench/fix-safety.ts',
      'bench/sample': 'bench/sample.ts',
    },
    outdir: 'dist',
    external: ['@astral-sh/ruff-wasm-nodejs'],
  });
}
if (existsSync('test/fuzz/main.ts')) {
  // The long fuzz run (npm run fuzz); Ruff's wasm package loads its .wasm beside itself.
  builds.push({ entryPoints: { fuzz: 'test/fuzz/main.ts' }, outdir: 'dist', external: ['@astral-sh/ruff-wasm-nodejs'] });
}
const tests = [...testEntries('test/unit'), ...testEntries('test/lsp'), ...testEntries('test/rollout'), ...testEntries('test/editor')];
if (tests.length > 0) {
  builds.push({ entryPoints: tests, outdir: 'dist/test', outbase: 'test', external: ['vscode', 'mocha', 'playwright-core', '@astral-sh/ruff-wasm-nodejs', 'recheck', 'typescript'] });
}
await Promise.all(builds.map((options) => esbuild.build({ ...common, ...options })));
