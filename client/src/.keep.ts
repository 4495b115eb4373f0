// Placeholder until the VS Code client lands.
export {};
