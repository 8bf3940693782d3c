// What a change reaches. The import graph here is read from text, without parsing, so it is cheap enough to build
// for a whole project: the scan uses it to give a partial selection (a shard, the files changed since a ref) the
// project modules its findings depend on, and `--changed-since` uses it backwards to find the importers of a
// changed module. Reading from text over-approximates (an import in a comment counts), which costs at most one
// extra file analysed, never a missed one.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { isProjectSpecifier } from '../detect/specifier.js';
import { decodeSource } from '../discover/read.js';
import { UsageError } from '../errors.js';
import { INVENTORY_FILE_NAMES } from '../inventory/load.js';

type ResolveImport = (specifier: string, fromFile: string) => string | undefined;

/** `from '…'`, `import '…'`, `import('…')`, `require('…')`: every place a module specifier can be written. */
const SPECIFIER = /\b(?:from|import\s*\(?|require\s*\()\s*(['"`])([^'"`\r\n]{1,1000})\1/g;

/** Project-relative module specifiers written in a source text (`./api`, `@/utils/api`), unique, in text order. */
export function textSpecifiers(text: string): string[] {
  const found = new Set<string>();
  SPECIFIER.lastIndex = 0;
  for (let match = SPECIFIER.exec(text); match; match = SPECIFIER.exec(text)) {
    if (isProjectSpecifier(match[2]!)) found.add(match[2]!);
  }
  return [...found];
}

/** Larger files are not searched for imports (the scan skips them too, at its default limit). */
const MAX_SPECIFIER_FILE = 16 * 1024 * 1024;

export function readSpecifiers(file: string): string[] {
  const bytes = readRegularFile(file, MAX_SPECIFIER_FILE);
  return bytes ? bytesSpecifiers(bytes) : [];
}

/**
 * The bytes of a regular file no larger than `maxBytes`, else undefined. Opened before it is asked what it is, and
 * without blocking, so a FIFO in the tree (or swapped in) can never hang the scan.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const bytes = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    for (let got = 1; filled < bytes.length && got > 0; filled += got) got = readSync(fd, bytes, filled, bytes.length - filled, null);
    return bytes.subarray(0, filled);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function bytesSpecifiers(bytes: Uint8Array): string[] {
  const decoded = decodeSource(bytes);
  return decoded.ok ? textSpecifiers(decoded.text) : [];
}

/** Project files reachable from `seeds` through imports (the seeds excluded), sorted. */
export function importClosure(seeds: readonly string[], specifiersOf: (file: string) => string[], resolveImport: ResolveImport): string[] {
  const seen = new Set(seeds);
  const found: string[] = [];
  const queue = [...seeds];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const specifier of specifiersOf(file)) {
      const target = resolveImport(specifier, file);
      if (target === undefined || seen.has(target)) continue;
      seen.add(target);
      found.push(target);
      queue.push(target);
    }
  }
  return found.sort();
}

export interface ChangeSelectionOptions {
  /** Changed files (absolute), as git lists them: deleted ones included. */
  changed: readonly string[];
  /** The file findings are checked against when named explicitly (--inventory or --policy; absolute). */
  inventoryFile?: string;
  specifiersOf: (file: string) => string[];
  resolveImport: ResolveImport;
}

/**
 * The discovered files a change can move the findings of: the changed files themselves, and the files that import
 * them — transitively through importers that export something, since a re-export passes the change on. A changed
 * inventory can move any finding, so then it is every file.
 */
export function selectChanged(discovered: readonly string[], options: ChangeSelectionOptions): string[] {
  const changedInventory = options.changed.some(
    (file) => (INVENTORY_FILE_NAMES as readonly string[]).includes(basename(file)) || file === options.inventoryFile,
  );
  if (changedInventory) return [...discovered];

  const isDiscovered = new Set(discovered);
  const targets = new Set(options.changed);
  // Deleted files: their importers' specifiers no longer resolve, so they are matched by the path they name.
  const deleted = options.changed.filter((file) => !existsSync(file));
  const importers = new Map<string, string[]>();
  for (const file of discovered) {
    for (const specifier of options.specifiersOf(file)) {
      const target = options.resolveImport(specifier, file) ?? deleted.find((gone) => namesFile(specifier, file, gone));
      if (target === undefined) continue;
      let list = importers.get(target);
      if (!list) importers.set(target, (list = []));
      list.push(file);
    }
  }
  const selected = new Set(options.changed.filter((file) => isDiscovered.has(file)));
  const queue = [...targets];
  const visited = new Set(queue);
  while (queue.length > 0) {
    const target = queue.pop()!;
    for (const importer of importers.get(target) ?? []) {
      if (isDiscovered.has(importer)) selected.add(importer);
      if (!visited.has(importer) && exportsSomething(importer)) {
        visited.add(importer);
        queue.push(importer);
      }
    }
  }
  return discovered.filter((file) => selected.has(file));
}

/** Could `specifier`, written in `fromFile`, have meant the (now deleted) `file`? Relative specifiers only. */
function namesFile(specifier: string, fromFile: string, file: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const base = resolve(dirname(fromFile), specifier);
  const stem = file.slice(0, file.length - extname(file).length);
  return base === file || base === stem || stripExtension(base) === stem || (basename(stem) === 'index' && base === dirname(file));
}

function stripExtension(path: string): string {
  return path.slice(0, path.length - extname(path).length);
}

function exportsSomething(file: string): boolean {
  const bytes = readRegularFile(file, MAX_SPECIFIER_FILE);
  return bytes !== undefined && /\bexports?\b/.test(bytes.toString('latin1'));
}


/** The repository is the one holding the first scanned path (like the inventory search), else the working directory's. */
function gitFolder(cwd: string, paths: readonly string[]): string {
  const first = paths.length > 0 ? resolve(cwd, paths[0]!) : cwd;
  try {
    return statSync(first).isDirectory() ? first : dirname(first);
  } catch {
    return cwd;
  }
}

/**
 * Files changed since `ref`: committed on this branch since it left `ref` (`git diff REF...HEAD`), plus staged,
 * unstaged and untracked changes, in the repository holding `folder`. Absolute paths in the form of `cwd`. Only
 * local git commands run: nothing is fetched, so a ref missing from a shallow CI clone is reported, not looked up.
 */
export function changedSince(cwd: string, ref: string, folder = cwd): string[] {
  if (ref === '' || ref.startsWith('-')) {
    throw new UsageError('usage/bad-ref', `--changed-since takes a git ref (a branch, tag or commit), got '${ref}'`);
  }
  const top = git(folder, ['rev-parse', '--show-toplevel']);
  if (!top.ok) {
    throw new UsageError('usage/not-a-git-repo', `--changed-since needs a git repository, and ${folder} is not inside one`, {
      hint: `run privlint from inside the repository, or scan without --changed-since${gitSays(top.stderr)}`,
    });
  }
  const toplevel = top.stdout.trim();
  if (!git(toplevel, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).ok) {
    throw new UsageError('usage/unknown-ref', `--changed-since ${ref}: no such commit in this repository`, {
      hint: 'check the name, or fetch it first (in CI: a full clone, e.g. actions/checkout with fetch-depth: 0); privlint never fetches',
    });
  }
  if (!git(toplevel, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).ok) {
    throw new UsageError('usage/no-head', '--changed-since needs a commit to compare from, and this repository has none yet', {
      hint: 'commit first, or scan without --changed-since',
    });
  }
  const committed = git(toplevel, ['diff', '--name-only', '--no-renames', '--no-ext-diff', '-z', `${ref}...HEAD`, '--']);
  if (!committed.ok) {
    throw new UsageError('usage/no-merge-base', `--changed-since ${ref}: git cannot compare it with HEAD`, {
      hint: `the histories may be unrelated, or the clone too shallow to hold their merge base${gitSays(committed.stderr)}`,
    });
  }
  const uncommitted = git(toplevel, ['diff', '--name-only', '--no-renames', '--no-ext-diff', '-z', 'HEAD', '--']);
  const untracked = git(toplevel, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z']);
  for (const run of [uncommitted, untracked]) {
    if (!run.ok) throw new UsageError('usage/git-failed', `--changed-since: git failed${gitSays(run.stderr, ': ')}`);
  }
  // git speaks in the repository's real path; the scan in cwd's (which may pass through a symbolic link).
  const realCwd = realpathSync(cwd);
  const paths = new Set([committed, uncommitted, untracked].flatMap((run) => run.stdout.split('\0').filter(Boolean)));
  return [...paths].map((path) => resolve(cwd, relative(realCwd, resolve(toplevel, path)))).sort();
}

interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function git(cwd: string, args: string[]): GitRun {
  const run = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // Never prompt, never take a lock a concurrent git command would trip over.
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw new UsageError('usage/git-missing', `--changed-since needs git, which could not be run (${code ?? run.error.message})`, {
      hint: 'install git, or scan without --changed-since',
    });
  }
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr };
}

function gitSays(stderr: string, lead = ' (git: '): string {
  const line = stderr.split('\n').find((text) => text.trim() !== '');
  if (!line) return '';
  return lead === ' (git: ' ? `${lead}${line.trim()})` : `${lead}${line.trim()}`;
}

/**
 * The `select` of `scan --changed-since REF`. Asks git at once, so a bad ref is reported before any work is done.
 * `inventoryFile` is the --inventory (or --policy) option as given (relative to cwd).
 */
export function changedSelector(cwd: string, ref: string, inventoryFile: string | undefined, paths: readonly string[] = []) {
  const changed = changedSince(cwd, ref, gitFolder(cwd, paths));
  const inventory = inventoryFile !== undefined ? resolve(cwd, inventoryFile) : undefined;
  return (files: string[], context: { resolveImport: ResolveImport; specifiersOf: (file: string) => string[] }): string[] =>
    selectChanged(files, { changed, ...(inventory ? { inventoryFile: inventory } : {}), specifiersOf: context.specifiersOf, resolveImport: context.resolveImport });
}
