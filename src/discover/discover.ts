// Which files a scan reads: explicit paths and globs, minus default ignores, .gitignore and --ignore.
import { existsSync, readFileSync, statSync } from 'node:fs';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../errors.js';
import { SOURCE_EXTENSIONS } from '../parse/languages.js';
import { dirnameOf, joinPath, relativePath, resolveFrom, toPosix } from '../util/path.js';

/** Build output, dependencies and tool caches: never the app's own source. */
export const DEFAULT_IGNORES = [
  '**/node_modules/**',
  '**/oh_modules/**',
  '**/miniprogram_npm/**',
  '**/dist/**',
  '**/build/**',
  '**/unpackage/**',
  '**/.git/**',
  '**/.hvigor/**',
  '**/*.min.js',
];

export interface DiscoverOptions {
  cwd: string;
  /** Paths or globs; empty means the working directory. */
  patterns: string[];
  /** Extra ignore globs (relative to cwd). */
  ignore: string[];
  /** Honour .gitignore files (default true). */
  gitignore: boolean;
}

export interface Discovered {
  /** Absolute, sorted, unique. */
  files: string[];
  /** Folders the scan was rooted at (absolute): the base for `@/` imports. */
  roots: string[];
}

/**
 * Folder walks never follow symbolic links (a link to a parent folder would loop) and list every entry that is not
 * a folder: symlinks to files are read through, and what is not a regular file (a FIFO, a socket, a dangling or
 * looping link) is reported by the reader as skipped instead of vanishing from the result or blocking it.
 */
const WALK_OPTIONS = {
  ignore: DEFAULT_IGNORES,
  dot: true,
  onlyFiles: false,
  objectMode: true,
  followSymbolicLinks: false,
  suppressErrors: true,
} as const;

const EXTENSION_GLOB = `**/*.{${SOURCE_EXTENSIONS.map((ext) => ext.slice(1)).join(',')}}`;

export function discoverFiles(options: DiscoverOptions): Discovered {
  const patterns = options.patterns.length > 0 ? options.patterns : ['.'];
  const files = new Set<string>();
  const roots = new Set<string>();
  const userIgnore = ignore().add(options.ignore.map((pattern) => pattern.replace(/^\.\//, '')));
  const gitignores = options.gitignore ? new GitignoreIndex() : undefined;
  const keep = (absolute: string): boolean => {
    const relative = relativePath(options.cwd, absolute);
    if (!relative.startsWith('..') && relative !== '' && userIgnore.ignores(relative)) return false;
    return !gitignores?.ignores(absolute);
  };

  for (const pattern of patterns) {
    const absolute = resolveFrom(options.cwd, pattern);
    if (existsSync(absolute)) {
      const stats = statSync(absolute);
      if (stats.isDirectory()) {
        roots.add(absolute);
        for (const entry of fg.sync(EXTENSION_GLOB, { ...WALK_OPTIONS, cwd: absolute, caseSensitiveMatch: false })) {
          if (entry.dirent.isDirectory()) continue;
          const file = joinPath(absolute, entry.path);
          if (keep(file)) files.add(file);
        }
      } else {
        // A file named on the command line is scanned even when an ignore rule covers it.
        roots.add(dirnameOf(absolute));
        files.add(absolute);
      }
      continue;
    }
    if (!fg.isDynamicPattern(pattern)) {
      throw new UsageError('usage/missing-path', `no such file or directory: ${pattern}`, { hint: 'check the path, or quote a glob so the shell does not expand it' });
    }
    roots.add(options.cwd);
    const matches = fg.sync(toPosix(pattern), { ...WALK_OPTIONS, cwd: options.cwd, absolute: true });
    const sources = matches
      .filter((entry) => !entry.dirent.isDirectory())
      .map((entry) => entry.path)
      .filter((file) => SOURCE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext)));
    if (sources.length === 0) throw new UsageError('usage/no-match', `no source files match ${pattern}`, { hint: `privlint reads ${SOURCE_EXTENSIONS.join(' ')}` });
    for (const file of sources) if (keep(file)) files.add(file);
  }
  return { files: [...files].sort(), roots: [...roots].sort() };
}

/** Every .gitignore from the file's folder up to the repository root applies, each relative to its own folder. */
class GitignoreIndex {
  private readonly byDir = new Map<string, Ignore | null>();
  private readonly repoRoots = new Map<string, boolean>();

  ignores(file: string): boolean {
    let dir = dirnameOf(file);
    for (;;) {
      const rules = this.rulesFor(dir);
      if (rules) {
        const relative = relativePath(dir, file);
        if (relative && !relative.startsWith('..') && rules.ignores(relative)) return true;
      }
      if (this.isRepoRoot(dir)) return false;
      const parent = dirnameOf(dir);
      if (parent === dir) return false;
      dir = parent;
    }
  }

  private isRepoRoot(dir: string): boolean {
    let answer = this.repoRoots.get(dir);
    if (answer === undefined) this.repoRoots.set(dir, (answer = existsSync(joinPath(dir, '.git'))));
    return answer;
  }

  private rulesFor(dir: string): Ignore | null {
    if (this.byDir.has(dir)) return this.byDir.get(dir)!;
    let rules: Ignore | null = null;
    const file = joinPath(dir, '.gitignore');
    try {
      rules = ignore().add(readFileSync(file, 'utf8'));
    } catch {
      rules = null;
    }
    this.byDir.set(dir, rules);
    return rules;
  }
}
