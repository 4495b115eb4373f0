// The CLI's side of the result cache: which files can be answered from
// .stacklint_cache without reading or parsing them, and what to remember of
// the files that were linted.
import { resolve } from 'node:path';
import type { ConfigCache } from '../config/load';
import type { StacklintConfig } from '../core/config';
import { readWorkspaceBytes } from '../core/files';
import { ResultCache, settingsKey } from '../engine/cache';
import { sectionLinks } from '../config/standard';
import { cliSections, type CliFinding } from './format';
import type { FileResult, FileTask } from './lintFile';

/**
 * A cached result does not know the path it will be shown under: that
 * depends on how stacklint was called. Nor does it keep the standard's
 * headings a message cites, which are most of its size: they follow from the
 * message and the configuration, and are looked up again when it is used.
 */
type CachedFindings = Omit<CliFinding, 'file' | 'sections'>[];

export interface CliCache {
  /** The result of a file when nothing it depends on has changed. */
  lookup(task: FileTask): FileResult | undefined;
  remember(result: FileResult): void;
  /** Writes the index, without the files under `walked` that this run did not see (deleted, renamed, now excluded). */
  save(walked: string): void;
  readonly stats: { hits: number; misses: number };
  /** The folder was refused or its index could not be read, which a notice said. */
  readonly trouble: boolean;
}

/**
 * `variant` keys what the command line changes in a result (whether unsafe
 * fixes count as fixable); `withSections` adds the standard's headings, which
 * only SARIF prints.
 */
export function openCliCache(dir: string, version: string, configs: (path: string) => ConfigCache, variant: string, withSections: boolean): CliCache {
  const cache = ResultCache.open<CachedFindings>(resolve(dir), version, { stableReads: true, isResults: isCachedFindings, workspace: process.cwd() });
  const settingsOf = (path: string) => {
    const { config, problems } = configs(path).forFile(path);
    return { config, key: settingsKey(config, variant, problems) };
  };
  // Per configuration and message: a warm run shows the same few messages hundreds of times, and building a link's URL is not cheap.
  const sectionsByConfig = new WeakMap<StacklintConfig, Map<string, Pick<CliFinding, 'sections'>>>();
  const sectionsOf = (message: string, config: StacklintConfig) => {
    let byMessage = sectionsByConfig.get(config);
    if (!byMessage) sectionsByConfig.set(config, (byMessage = new Map()));
    let sections = byMessage.get(message);
    if (!sections) byMessage.set(message, (sections = cliSections(sectionLinks(message, config))));
    return sections;
  };
  return {
    lookup(task) {
      // A name that is not UTF-8 is kept as bytes; decoded, two such names can read the same.
      if (task.raw) return undefined;
      const { config, key } = settingsOf(task.path);
      const cached = cache.lookup(task.path, key, config.root, () => {
        const read = readWorkspaceBytes(task.path);
        return read.ok ? read.bytes : undefined;
      });
      return cached && { findings: cached.map((finding) => ({ ...printed(task.shown, finding), ...(withSections ? sectionsOf(finding.message, config) : {}) })), failures: [] };
    },
    remember(result) {
      if (!result.linted) return;
      const { path, reads } = result.linted;
      const findings = result.findings.map(({ file: _file, sections: _sections, ...rest }) => rest);
      cache.storeLinted(path, result.linted, settingsOf(path).key, reads, findings);
    },
    save(walked) {
      cache.forgetUnseen(walked);
      cache.save();
    },
    get trouble() {
      return cache.trouble;
    },
    get stats() {
      return { hits: cache.hits, misses: cache.misses };
    },
  };
}

/** A cached finding as a lint prints it: its fields copied one by one, in the order a lint writes them (nothing else an index holds). */
function printed(file: string, { line, column, endLine, endColumn, rule, severity, message, fixable, hiddenFix }: CachedFindings[number]): CliFinding {
  return { file, line, column, endLine, endColumn, rule, severity, message, fixable, ...(hiddenFix ? { hiddenFix } : {}) };
}

/** The findings of one file as `remember` stores them: what printing them reads. */
function isCachedFindings(value: unknown): value is CachedFindings {
  return Array.isArray(value) && value.every((finding: Partial<Record<keyof CachedFindings[number], unknown>> | null) =>
    typeof finding === 'object' && finding !== null &&
    ['line', 'column', 'endLine', 'endColumn'].every((key) => Number.isInteger(finding[key as keyof typeof finding])) &&
    ['rule', 'severity', 'message'].every((key) => typeof finding[key as keyof typeof finding] === 'string') &&
    typeof finding.fixable === 'boolean' && (finding.hiddenFix === undefined || typeof finding.hiddenFix === 'boolean'));
}
