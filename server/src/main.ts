// The language server's entry point; filled in with the LSP work.
export {};
