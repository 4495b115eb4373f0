import { initPythonParser, pythonParserBroken } from '../python/parse';

/**
 * Runs a lint or fix with a healthy Python parser. When the parser broke
 * during it (a wasm trap, or memory corrupted by the file), a fresh parser
 * instance is created and the work is done once more; when the file breaks
 * that one too, its result (a file-not-linted finding) stands and yet
 * another fresh parser is left for the next file.
 */
export async function withParserRecovery<T>(work: () => T): Promise<T> {
  if (pythonParserBroken()) await initPythonParser();
  const first = work();
  if (!pythonParserBroken()) return first;
  await initPythonParser();
  const second = work();
  if (pythonParserBroken()) await initPythonParser();
  return second;
}
