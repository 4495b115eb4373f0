import type { Connection } from 'vscode-languageserver';
import { LOG_LEVELS, type LogLevel } from './editorSettings';

/** Writes to the client's output channel, dropping messages below `stacklint.logLevel`. */
export class Log {
  level: LogLevel = 'info';

  constructor(private readonly connection: Connection) {}

  error(message: string): void {
    if (this.enabled('error')) this.connection.console.error(`stacklint: ${message}`);
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.connection.console.warn(`stacklint: ${message}`);
  }

  info(message: string): void {
    if (this.enabled('info')) this.connection.console.info(`stacklint: ${message}`);
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.connection.console.log(`stacklint: ${message}`);
  }

  private enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level);
  }
}
