// Starts code-server (VS Code 1.139's server and web workbench) and a headless
// chromium for it. Shared by the editor-test runner and the screenshot script.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Runs scripts/ensure-code-server.sh and returns the Node 24 and code-server entry paths. */
function ensureTools() {
  const out = execFileSync('bash', [path.join(__dirname, 'ensure-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const values = Object.fromEntries(out.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
  if (!values.NODE24 || !values.CODE_SERVER) throw new Error('ensure-code-server.sh printed no tool paths');
  return { node: values.NODE24, entry: values.CODE_SERVER };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts code-server in its own process group with a throw-away profile.
 * Resolves once it accepts connections; `stop()` kills the whole group, since
 * killing the parent alone leaves its file-watcher children behind.
 */
async function startCodeServer({ node, entry, userSettings = {}, startTimeoutMs = 60000, restricted = false, env: extraEnv = {}, installed }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklint-vscode-'));
  const userData = path.join(tmp, 'user-data');
  const config = path.join(tmp, 'config');
  for (const dir of [path.join(userData, 'User'), path.join(tmp, 'extensions'), config]) fs.mkdirSync(dir, { recursive: true });
  // An installed extension (not one under development, which VS Code never holds back for workspace trust).
  if (installed) {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    fs.symlinkSync(installed, path.join(tmp, 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  }
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true,
    // Restricted Mode: trust is on and nothing is trusted; no start-up prompt, so the workspace simply opens restricted.
    'security.workspace.trust.enabled': restricted, 'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
    'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    'update.mode': 'none', 'workbench.tips.enabled': false, ...userSettings,
  }, null, 2));
  const port = await freePort();
  const args = [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', userData,
    '--extensions-dir', path.join(tmp, 'extensions'), '--config', path.join(config, 'config.yaml'),
    '--disable-telemetry', '--disable-update-check', ...(restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
    // Without this the built workbench ignores extensionDevelopmentPath/extensionTestsPath in ?payload=.
    '--vscode-option', 'enable-smoke-test-driver'];
  // EXTENSIONS_GALLERY={} turns the marketplace off, so nothing reaches the network.
  const env = { ...process.env, ...extraEnv, XDG_CONFIG_HOME: config, XDG_DATA_HOME: path.join(tmp, 'data'), EXTENSIONS_GALLERY: '{}' };
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  const logFile = path.join(tmp, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(node, args, { env, stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => { exited = true; });

  const stop = async () => {
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      if (exited) break;
      try { process.kill(-child.pid, signal); } catch { break; }
      const deadline = Date.now() + 2000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    // Children may outlive the leader: sweep the group once more.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  };

  const deadline = Date.now() + startTimeoutMs;
  while (!(await canConnect(port))) {
    if (exited) throw new Error(`code-server exited during start-up; log: ${logFile}`);
    if (Date.now() > deadline) { await stop(); throw new Error(`code-server did not listen within ${startTimeoutMs / 1000}s; log: ${logFile}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child, port, tmp, logFile, stop,
    authority: `127.0.0.1:${port}`,
    remoteUri: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    // A path ending in .code-workspace opens as a (multi-root) workspace, anything else as a folder.
    workbenchUrl: (folder, payload) =>
      `http://127.0.0.1:${port}/?${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''),
  };
}

async function launchChromium(executablePath = process.env.CHROMIUM || '/usr/bin/chromium') {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Copies a fixture workspace to a temp folder so tests may edit and save its files. */
function copyWorkspace(source) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'stacklint-ws-'));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

/**
 * Writes a .code-workspace file next to a folder copy, naming that one folder.
 * Opened as a workspace, folders can be added and removed at runtime without
 * VS Code reloading the window (which a single-folder window would do).
 */
function workspaceFileFor(folder) {
  const settingsFile = path.join(folder, '.vscode', 'settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  const file = `${folder}.code-workspace`;
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: folder }], settings }, null, 2));
  return file;
}

module.exports = { ensureTools, startCodeServer, launchChromium, copyWorkspace, workspaceFileFor };
