import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

// The transport (--node-ipc, --stdio or --socket) comes from the command line,
// so VS Code and other editors (Neovim, Helix, Zed) start the same bundle.
startServer(createConnection(ProposedFeatures.all));
