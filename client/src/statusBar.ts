import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

const ICONS: Record<ServerState, string> = {
  starting: '$(sync~spin)',
  running: '$(check)',
  stopped: '$(circle-slash)',
  error: '$(error)',
};

/** Counts the diagnostics stacklint published, over every file VS Code knows of. */
export function countStacklintProblems(): number {
  let count = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    count += diagnostics.filter((diagnostic) => diagnostic.source === 'stacklint').length;
  }
  return count;
}

/** The status bar item: the server's state and how many problems stacklint reports. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('stacklint.status', vscode.StatusBarAlignment.Right, 100);
  private readonly diagnosticsListener: vscode.Disposable;
  private currentState: ServerState = 'starting';
  private problemCount = 0;

  constructor(clickCommand: string) {
    this.item.name = 'Stack Lint';
    this.item.command = clickCommand;
    this.diagnosticsListener = vscode.languages.onDidChangeDiagnostics(() => this.refreshCount());
    this.refreshCount();
  }

  get state(): ServerState {
    return this.currentState;
  }

  get problems(): number {
    return this.problemCount;
  }

  get text(): string {
    return this.item.text;
  }

  setState(state: ServerState): void {
    this.currentState = state;
    this.render();
  }

  private refreshCount(): void {
    this.problemCount = countStacklintProblems();
    this.render();
  }

  private render(): void {
    const problems = this.problemCount === 1 ? '1 problem' : `${this.problemCount} problems`;
    this.item.text = `${ICONS[this.currentState]} Stack Lint: ${this.currentState === 'running' ? this.problemCount : this.currentState}`;
    this.item.tooltip = `Stack Lint server ${this.currentState}; ${problems}. Click to show the output.`;
    // An error state must stand out: users otherwise read silence as "no problems".
    this.item.backgroundColor =
      this.currentState === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.diagnosticsListener.dispose();
    this.item.dispose();
  }
}
