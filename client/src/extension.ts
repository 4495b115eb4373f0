// Placeholder until the VS Code client lands.
export function activate(): void {}
export function deactivate(): void {}
