import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped' | 'error';

const ICONS: Record<ServerState, string> = {
  starting: '$(sync~spin)',
  running: '$(check)',
  stopped: '$(circle-slash)',
  error: '$(error)',
};

const COUNT_DEBOUNCE_MS = 100;

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
  private readonly changed = new vscode.EventEmitter<void>();
  private currentState: ServerState = 'starting';
  private problemCount = 0;
  /** "rule X failed on file Y", once each, as the server reports them. */
  private readonly ruleFailures: string[] = [];
  private countTimer: NodeJS.Timeout | undefined;

  /** Fires after the item shows a new state or count. */
  readonly onDidChange = this.changed.event;

  constructor(clickCommand: string) {
    this.item.name = 'Stack Lint';
    this.item.command = clickCommand;
    // Lint Workspace publishes one file at a time: recount once per burst, not once per file.
    this.diagnosticsListener = vscode.languages.onDidChangeDiagnostics(() => {
      this.countTimer ??= setTimeout(() => {
        this.countTimer = undefined;
        this.refreshCount();
      }, COUNT_DEBOUNCE_MS);
    });
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

  get failures(): readonly string[] {
    return this.ruleFailures;
  }

  /** A rule threw on a file: its findings there are missing, so the item says so until the server restarts. */
  addRuleFailure(rule: string, path: string): void {
    this.ruleFailures.push(`rule ${rule} failed on file ${path}`);
    this.render();
  }

  clearRuleFailures(): void {
    this.ruleFailures.length = 0;
    this.render();
  }

  private refreshCount(): void {
    this.problemCount = countStacklintProblems();
    this.render();
  }

  private render(): void {
    const problems = this.problemCount === 1 ? '1 problem' : `${this.problemCount} problems`;
    const failed = this.currentState === 'running' && this.ruleFailures.length > 0;
    const icon = failed ? '$(warning)' : ICONS[this.currentState];
    this.item.text = `${icon} Stack Lint: ${this.currentState === 'running' ? this.problemCount : this.currentState}`;
    const failures = failed ? `\n${this.ruleFailures.join('\n')}` : '';
    this.item.tooltip = `Stack Lint server ${this.currentState}; ${problems}.${failures}\nClick to show the output.`;
    // An error state or a failing rule must stand out: users otherwise read silence as "no problems".
    this.item.backgroundColor =
      this.currentState === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : failed
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
    this.changed.fire();
  }

  dispose(): void {
    clearTimeout(this.countTimer);
    this.diagnosticsListener.dispose();
    this.changed.dispose();
    this.item.dispose();
  }
}
