import type { CommentLine, SourceComment } from './comments';
import type { StacklintConfig } from './config';
import type { Rule } from './rule';
import type { Edit, Fix } from './types';

/** What a module's parse gets: the file, its configuration, and for editors the last tree to reuse. */
export interface ParseInput {
  path: string;
  text: string;
  config: StacklintConfig;
  /** The file matches the configured test globs. */
  isTest: boolean;
  /**
   * For incremental re-parsing (Python): `previous` is the last tree, already
   * edited to match `text`; the new tree is left in `next` and the caller owns it.
   */
  trees?: { previous?: unknown; next?: unknown };
}

export interface ParsedFile<F> {
  file: F;
  /** The file's comments, where suppressions are read. */
  comments: SourceComment[];
  /**
   * Where suppression comments for each line go, when some lines cannot hold
   * one (multi-line strings, continuations). Asked for only when the file has
   * suppression comments, and before dispose().
   */
  commentLines?(): CommentLine;
  /** Frees what the parse holds (a wasm tree); the engine calls it after the rules ran. */
  dispose(): void;
  /** What an editor needs to re-check only the statements an edit touched (engine/incremental.ts). */
  incremental?: IncrementalParse;
}

/** A run of whole lines holding one top-level statement: offsets [start, end) and its first line. */
export interface TextUnit {
  start: number;
  end: number;
  line: number;
}

export interface IncrementalParse {
  /** The number of lines of the text (as positions count them). */
  lineCount: number;
  /** The file cut into units that cover it, in order. */
  units(): TextUnit[];
  /** Where the syntax differs from the previous tree's (offsets); absent without a previous tree. */
  changedRanges?(): { start: number; end: number }[];
  /**
   * For units [from, to) of `all`, what each tells the rest of the file (its
   * bindings, imports, uses of imported names...): while the edited units'
   * facts stay the same, statement-local rules' findings elsewhere hold.
   */
  facts(all: readonly TextUnit[], from: number, to: number): string[];
  /** Restricts statement-local rules to these offset ranges (undefined: the whole file again). */
  checkOnly(ranges: { start: number; end: number }[] | undefined): void;
}

/**
 * One language stacklint lints: how its files are recognised and parsed, and
 * its rules. The engine knows languages only through the registry of these.
 */
export interface LanguageModule<F = unknown> {
  kind: string;
  /** By file name, or by the editor's language id for buffers without a telling name. */
  matches(path: string, languageId?: string): boolean;
  /**
   * For an editor buffer of this module's language whose name says nothing
   * (untitled, or a file without the usual name): a path the module
   * recognises, made from that name. Absent: such buffers are not linted.
   */
  pathFor?(name: string): string;
  parse(input: ParseInput): ParsedFile<F>;
  rules: readonly Rule<F>[];
  /**
   * The edit behind "Disable <rule> for this line", for languages where a
   * comment cannot end the line (Dockerfile); others get `  # stacklint: disable=<rule>` appended.
   */
  disableEdit?(text: string, line: number, rule: string): Edit | undefined;
  /** Completes a fix a rule offers with what the language needs (Python: removes an import whose last use the fix takes away). */
  completeFix?(file: F, fix: Fix): Fix | undefined;
  /** After a fix-all pass, edits to `after` that tidy what the pass left behind together (Python: imports it left unused). */
  tidyAfterFixes?(path: string, before: string, after: string): Edit[];
}

export function defineModule<F>(module: LanguageModule<F>): LanguageModule<F> {
  return module;
}
