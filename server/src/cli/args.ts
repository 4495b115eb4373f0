// The options for rolling the standard out to a team: baselines, the
// suppression writer, standard input, statistics and the informational verbs.
// main.ts merges ROLLOUT_OPTIONS into its parseArgs table.

export const ROLLOUT_OPTIONS = {
  baseline: { type: 'string' },
  'write-baseline': { type: 'boolean', default: false },
  'prune-baseline': { type: 'boolean', default: false },
  'no-baseline': { type: 'boolean', default: false },
  'add-suppressions': { type: 'boolean', default: false },
  'stdin-filename': { type: 'string' },
  statistics: { type: 'boolean', default: false },
  'output-file': { type: 'string', short: 'o' },
  explain: { type: 'string' },
  'list-rules': { type: 'boolean', default: false },
} as const;

export interface RolloutOptions {
  baseline?: string;
  writeBaseline: boolean;
  pruneBaseline: boolean;
  noBaseline: boolean;
  addSuppressions: boolean;
  stdinFilename?: string;
  statistics: boolean;
  outputFile?: string;
  explain?: string;
  listRules: boolean;
}

export const ROLLOUT_USAGE = `                 [--baseline FILE | --no-baseline] [--write-baseline] [--prune-baseline]
                 [--add-suppressions] [--stdin-filename FILE] [--statistics]
                 [--output-file FILE] [--explain RULE] [--list-rules] [--version]`;

export function rolloutOptions(values: Record<string, unknown>): RolloutOptions {
  const string = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  return {
    baseline: string('baseline'),
    writeBaseline: values['write-baseline'] === true,
    pruneBaseline: values['prune-baseline'] === true,
    noBaseline: values['no-baseline'] === true,
    addSuppressions: values['add-suppressions'] === true,
    stdinFilename: string('stdin-filename'),
    statistics: values.statistics === true,
    outputFile: string('output-file'),
    explain: string('explain'),
    listRules: values['list-rules'] === true,
  };
}

/** A combination of options that makes no sense; the message says why. */
export function conflict(options: RolloutOptions, fix: boolean): string | undefined {
  if (options.addSuppressions && fix) return '--add-suppressions and --fix exclude each other';
  if (options.addSuppressions && (options.writeBaseline || options.pruneBaseline)) return '--add-suppressions excludes the baseline options';
  if (options.stdinFilename !== undefined && (options.addSuppressions || options.writeBaseline || options.pruneBaseline)) {
    return '--stdin-filename lints standard input; it cannot write suppressions or a baseline';
  }
  return undefined;
}
