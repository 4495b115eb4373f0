import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, registerCommands } from './commands';
import { trackCursorLine } from './cursorLine';
import { createLanguageClient } from './languageClient';
import { StatusBar } from './statusBar';

/** Matches the server's RULE_FAILED_NOTIFICATION (the client does not import server code). */
const RULE_FAILED_NOTIFICATION = 'stacklint/ruleFailed';

/** What activate returns; the editor tests read it. */
export interface StacklintApi {
  statusBar: StatusBar;
  client(): LanguageClient;
  ready: Promise<void>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): StacklintApi {
  const outputChannel = vscode.window.createOutputChannel('Stack Lint');
  const statusBar = new StatusBar(COMMANDS.showOutput);
  context.subscriptions.push(outputChannel, statusBar);

  const languageClient = createLanguageClient(context, outputChannel);
  client = languageClient;
  context.subscriptions.push(
    // The server sends this once per rule and file that threw; details are in the output.
    languageClient.onNotification(RULE_FAILED_NOTIFICATION, (params: { rule: string; path: string }) => statusBar.addRuleFailure(params.rule, params.path)),
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) {
        statusBar.clearRuleFailures();
        statusBar.setState('starting');
      } else if (newState === State.Running) statusBar.setState('running');
      else if (statusBar.state !== 'error') statusBar.setState('stopped');
    }),
  );

  const start = async (run: () => Promise<void>) => {
    statusBar.setState('starting');
    try {
      await run();
    } catch (error) {
      statusBar.setState('error');
      outputChannel.appendLine(`Stack Lint server failed to start: ${String(error)}`);
      throw error;
    }
  };
  context.subscriptions.push(
    ...registerCommands({
      client: () => languageClient,
      restart: () => start(() => languageClient.restart()),
      outputChannel,
      extensionUri: context.extensionUri,
    }),
  );
  context.subscriptions.push(trackCursorLine(() => languageClient));
  const ready = start(() => languageClient.start());
  ready.catch(() => undefined);
  return { statusBar, client: () => languageClient, ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
