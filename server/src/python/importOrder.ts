// Where isort (and Ruff's `I` rules, with their defaults) put an import, so
// an import a fix adds keeps a sorted file sorted: sections future, standard
// library, third party, first party, local; within one, `import x` lines
// before `from x import y` lines, each by module name ignoring case.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from './parse';
import type { Edit } from '../core/types';
import type { PythonFile } from './file';
import { statementLineAtOrBefore } from './statementLines';
import { detached } from '../core/text';

/** Python 3.11's sys.stdlib_module_names (public ones), as isort's and Ruff's known standard library. */
const STDLIB = new Set([
  'abc', 'aifc', 'antigravity', 'argparse', 'array', 'ast', 'asynchat', 'asyncio', 'asyncore', 'atexit', 'audioop',
  'base64', 'bdb', 'binascii', 'bisect', 'builtins', 'bz2', 'cProfile', 'calendar', 'cgi', 'cgitb', 'chunk', 'cmath',
  'cmd', 'code', 'codecs', 'codeop', 'collections', 'colorsys', 'compileall', 'concurrent', 'configparser',
  'contextlib', 'contextvars', 'copy', 'copyreg', 'crypt', 'csv', 'ctypes', 'curses', 'dataclasses', 'datetime', 'dbm',
  'decimal', 'difflib', 'dis', 'distutils', 'doctest', 'email', 'encodings', 'ensurepip', 'enum', 'errno',
  'faulthandler', 'fcntl', 'filecmp', 'fileinput', 'fnmatch', 'fractions', 'ftplib', 'functools', 'gc', 'genericpath',
  'getopt', 'getpass', 'gettext', 'glob', 'graphlib', 'grp', 'gzip', 'hashlib', 'heapq', 'hmac', 'html', 'http',
  'idlelib', 'imaplib', 'imghdr', 'imp', 'importlib', 'inspect', 'io', 'ipaddress', 'itertools', 'json', 'keyword',
  'lib2to3', 'linecache', 'locale', 'logging', 'lzma', 'mailbox', 'mailcap', 'marshal', 'math', 'mimetypes', 'mmap',
  'modulefinder', 'msilib', 'msvcrt', 'multiprocessing', 'netrc', 'nis', 'nntplib', 'nt', 'ntpath', 'nturl2path',
  'numbers', 'opcode', 'operator', 'optparse', 'os', 'ossaudiodev', 'pathlib', 'pdb', 'pickle', 'pickletools', 'pipes',
  'pkgutil', 'platform', 'plistlib', 'poplib', 'posix', 'posixpath', 'pprint', 'profile', 'pstats', 'pty', 'pwd',
  'py_compile', 'pyclbr', 'pydoc', 'pydoc_data', 'pyexpat', 'queue', 'quopri', 'random', 're', 'readline', 'reprlib',
  'resource', 'rlcompleter', 'runpy', 'sched', 'secrets', 'select', 'selectors', 'shelve', 'shlex', 'shutil', 'signal',
  'site', 'smtpd', 'smtplib', 'sndhdr', 'socket', 'socketserver', 'spwd', 'sqlite3', 'sre_compile', 'sre_constants',
  'sre_parse', 'ssl', 'stat', 'statistics', 'string', 'stringprep', 'struct', 'subprocess', 'sunau', 'symtable', 'sys',
  'sysconfig', 'syslog', 'tabnanny', 'tarfile', 'telnetlib', 'tempfile', 'termios', 'textwrap', 'this', 'threading',
  'time', 'timeit', 'tkinter', 'token', 'tokenize', 'tomllib', 'trace', 'traceback', 'tracemalloc', 'tty', 'turtle',
  'turtledemo', 'types', 'typing', 'unicodedata', 'unittest', 'urllib', 'uu', 'uuid', 'venv', 'warnings', 'wave',
  'weakref', 'webbrowser', 'winreg', 'winsound', 'wsgiref', 'xdrlib', 'xml', 'xmlrpc', 'zipapp', 'zipfile',
  'zipimport', 'zlib', 'zoneinfo',
]);

type Section = 0 | 1 | 2 | 3 | 4;
const FUTURE = 0;
const STANDARD_LIBRARY = 1;
const THIRD_PARTY = 2;
const FIRST_PARTY = 3;
const LOCAL = 4;

interface ImportKey {
  section: Section;
  /** 0 for `import x`, 1 for `from x import y`. */
  style: 0 | 1;
  module: string;
}

/** `datetime` for `from datetime import x`, `import datetime.y as z`; `.models` for a relative import. */
function moduleOf(statement: string): { module: string; style: 0 | 1 } {
  // The module is the word after `from`: split on blanks instead of a pattern that backtracks on long dotted names.
  const words = statement.split(/\s+/, 3);
  if (words[0] === 'from' && words[2] !== undefined && /^import\b/.test(words[2]) && /^[\w.]*$/.test(words[1])) return { module: words[1], style: 1 };
  return { module: /^import\s+([\w.]+)/.exec(statement)?.[1] ?? '', style: 0 };
}

const firstParty = new Map<string, boolean>();

/**
 * True when `top` is a package or module of the project, as Ruff finds
 * first-party code (`src = ["."]`): a folder or `.py` file of that name in
 * the project root, or a folder above the file. Only names are checked on
 * disk, never read.
 */
function isFirstParty(top: string, file: PythonFile): boolean {
  if (file.path.split(/[\\/]/).slice(0, -1).includes(top)) return true;
  if (!file.projectRoot) return false;
  const key = `${file.projectRoot}\0${top}`;
  let found = firstParty.get(key);
  if (found === undefined) {
    found = [join(file.projectRoot, top), join(file.projectRoot, `${top}.py`), join(file.projectRoot, 'src', top)].some((path) => existsSync(path));
    // The key outlives the file: a copy, not a view of the file's text.
    firstParty.set(detached(key), found);
  }
  return found;
}

/** The isort section of a module. */
function sectionOf(module: string, file: PythonFile): Section {
  if (module.startsWith('.')) return LOCAL;
  const top = module.split('.')[0];
  if (top === '__future__') return FUTURE;
  if (STDLIB.has(top)) return STANDARD_LIBRARY;
  return isFirstParty(top, file) ? FIRST_PARTY : THIRD_PARTY;
}

export function importKey(statement: string, file: PythonFile): ImportKey {
  const { module, style } = moduleOf(statement);
  return { section: sectionOf(module, file), style, module: module.toLowerCase() };
}

function compareKeys(a: ImportKey, b: ImportKey): number {
  return a.section - b.section || a.style - b.style || (a.module < b.module ? -1 : a.module > b.module ? 1 : 0);
}

function lineStart(file: PythonFile, node: Node): { line: number; character: number } {
  // A statement's line may continue an earlier one (after a backslash): the new line goes before that one.
  return { line: statementLineAtOrBefore(file, file.lines.positionAt(node.startIndex).line), character: 0 };
}

/**
 * The edit that adds `statement` among the file's top-level `imports` where
 * isort would put it: before the first import that sorts after it in its
 * section, else after the last of its section, else as a new section
 * (set off by a blank line) between its neighbours. Undefined when the file
 * has no imports (the caller places it after the docstring).
 */
export function sortedImportEdit(file: PythonFile, imports: readonly Node[], statement: string, after: (anchor: Node, text: string) => Edit): Edit | undefined {
  if (imports.length === 0) return undefined;
  const key = importKey(statement, file);
  const keyed = imports.map((node) => ({ node, key: importKey(node.text, file) }));
  const same = keyed.filter((entry) => entry.key.section === key.section);
  if (same.length > 0) {
    const next = same.find((entry) => compareKeys(entry.key, key) > 0);
    if (next) {
      const at = lineStart(file, next.node);
      return { range: { start: at, end: at }, newText: `${statement}\n` };
    }
    return after(same[same.length - 1].node, statement);
  }
  const later = keyed.find((entry) => entry.key.section > key.section);
  if (later) {
    const at = lineStart(file, later.node);
    return { range: { start: at, end: at }, newText: `${statement}\n\n` };
  }
  return after(keyed[keyed.length - 1].node, `\n${statement}`);
}

/** isort's order of names in `from x import ...` (Ruff's order-by-type): CONSTANTS, then Classes, then the rest, each ignoring case. */
export function memberKey(name: string): [number, string] {
  const rank = name.length > 1 && name === name.toUpperCase() && /[A-Z]/.test(name) ? 0 : /^[A-Z]/.test(name) ? 1 : 2;
  return [rank, name.toLowerCase()];
}

export function compareMembers(a: string, b: string): number {
  const [rankA, nameA] = memberKey(a);
  const [rankB, nameB] = memberKey(b);
  return rankA - rankB || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
}
