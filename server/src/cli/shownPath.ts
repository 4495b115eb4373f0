/** The path as reached from the PATH the user gave, so output is stable across machines. */
export function displayPath(given: string, root: string, path: string): string {
  const rest = path.slice(root.length).replace(/^[\\/]+/, '');
  if (given === '.' || given === './') return rest;
  return `${trimTrailingSeparators(given)}/${rest}`;
}

/** The path without trailing slashes, in one pass (a `[\\/]+$` pattern is quadratic). */
function trimTrailingSeparators(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === '/' || path[end - 1] === '\\')) end--;
  return path.slice(0, end);
}
