import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

/** The Pyflakes checks a fix must not trip: unused import, redefinition of an unused name, undefined name, local used before assignment, unused local. */
export const FIX_ORACLE_CODES = ['F401', 'F811', 'F821', 'F823', 'F841'];

let workspace: Workspace | undefined;

function findings(text: string): string[] {
  workspace ??= new Workspace({ 'target-version': 'py311', lint: { select: FIX_ORACLE_CODES } }, PositionEncoding.Utf16);
  // Line numbers in messages move when a fix adds lines; they are not what is compared.
  return (workspace.check(text) as { code: string | null; message: string }[])
    .filter((d) => d.code && FIX_ORACLE_CODES.includes(d.code))
    .map((d) => `${d.code} ${d.message.replace(/line \d+/g, 'line N')}`);
}

/** What Ruff finds in `after` (F401/F811/F821/F823/F841) that it did not find in `before`, counting repeats. */
export function newPyflakesFindings(before: string, after: string): string[] {
  const left = new Map<string, number>();
  for (const item of findings(before)) left.set(item, (left.get(item) ?? 0) + 1);
  const added: string[] = [];
  for (const item of findings(after)) {
    const count = left.get(item) ?? 0;
    if (count > 0) left.set(item, count - 1);
    else added.push(item);
  }
  return added;
}
