import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type DocumentLink,
  type Hover,
  type Position,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePyprojectFile } from '../pyproject/module';
import { parseRequirementsFile } from '../requirements/module';
import type { DependencyFile } from '../dependencies/model';
import { fileKind } from '../engine/lint';
import { completions, documentLinks, hover } from './dependencyFeatures';
import { requirementWithVersionAt, versionCompletions, versionHover } from './versionFeatures';
import { DocumentCache } from './documentCache';
import type { Linter } from './linter';
import { documentPath, fileUri } from './paths';
import { sectionLinks } from '../config/standard';
import type { StacklintConfig } from '../core/config';
import { OPEN_STANDARD_COMMAND } from './protocol';

/**
 * Each § of a hover becomes a link that opens the standard's Markdown
 * preview at that heading (the client's OPEN_STANDARD_COMMAND).
 */
export function withSectionLinks(markdown: string, config: StacklintConfig): string {
  const links = new Map(sectionLinks(markdown, config).map((link) => [link.section, link]));
  return markdown.replace(/§\d+(?:\.\d+)*/g, (section) => {
    const link = links.get(section);
    if (!link) return section;
    const args = encodeURIComponent(JSON.stringify([link.path, link.heading.anchor, link.heading.line]));
    return `[${section}](command:${OPEN_STANDARD_COMMAND}?${args} "${link.heading.title}")`;
  });
}

/** Answers hover, completion and document-link requests on dependency files. */
export class DependencyRequests {
  private readonly parsed = new DocumentCache<{ path: string; file: DependencyFile } | undefined>();

  constructor(private readonly linter: Linter) {}

  /** Forgets a closed document's parse. */
  forget(uri: string): void {
    this.parsed.drop(uri);
  }

  async hover(document: TextDocument, position: Position): Promise<Hover | null> {
    const parsed = await this.parse(document);
    if (!parsed) return null;
    const config = await this.linter.configFor(document.uri, parsed.path);
    const onVersion = requirementWithVersionAt(parsed.file, position);
    const version = onVersion && versionHover(onVersion, position, config);
    const markdown = [version, hover(parsed.file, position, config)].filter(Boolean).join('\n\n');
    return markdown ? { contents: { kind: MarkupKind.Markdown, value: withSectionLinks(markdown, config) } } : null;
  }

  async completion(document: TextDocument, position: Position): Promise<CompletionItem[]> {
    const parsed = await this.parse(document);
    if (!parsed) return [];
    const config = await this.linter.configFor(document.uri, parsed.path);
    const versions = versionCompletions(parsed.file, position, config);
    if (versions) {
      return versions.map((item) => ({
        label: item.label,
        detail: item.detail,
        sortText: item.sortText,
        textEdit: { range: item.range, newText: item.label },
        kind: CompletionItemKind.Value,
      }));
    }
    return completions(parsed.file, position, config).map((item) => ({
      label: item.label,
      detail: item.detail,
      insertText: item.insertText,
      kind: CompletionItemKind.Module,
    }));
  }

  async links(document: TextDocument): Promise<DocumentLink[]> {
    const parsed = await this.parse(document);
    if (!parsed) return [];
    return documentLinks(parsed.file).map((link) => ({ range: link.range, target: fileUri(link.target) }));
  }

  /** The document's parse, made once per version and shared by hover, completion and links. */
  private async parse(document: TextDocument): Promise<{ path: string; file: DependencyFile } | undefined> {
    return this.parsed.get(document, () => {
      const path = documentPath(document.uri, document.languageId);
      const kind = path ? fileKind(path) : undefined;
      if (!path || (kind !== 'requirements' && kind !== 'pyproject')) return undefined;
      const text = document.getText();
      return { path, file: kind === 'pyproject' ? parsePyprojectFile(path, text) : parseRequirementsFile(path, text) };
    });
  }
}
