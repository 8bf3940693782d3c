// Which files a scan reads: explicit paths and globs, minus default ignores, .gitignore and --ignore.
import { type Dirent, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../errors.js';
import { SOURCE_EXTENSIONS } from '../parse/languages.js';
import { requireFastGlob } from '../util/lazy-require.js';
import { childPath, dirnameOf, isInside, joinPath, leavesFolder, relativePath, resolveFrom, toPosix } from '../util/path.js';

/** Build output, dependencies and tool caches: never the app's own source. */
const IGNORED_FOLDERS = ['node_modules', 'oh_modules', 'miniprogram_npm', 'dist', 'build', 'unpackage', '.git', '.hvigor'];
const IGNORED_FILE_SUFFIX = '.min.js';

/** The default ignores as globs, for fast-glob (a glob on the command line). */
export const DEFAULT_IGNORES = [...IGNORED_FOLDERS.map((name) => `**/${name}/**`), `**/*${IGNORED_FILE_SUFFIX}`];

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
  /**
   * Symbolic links to folders outside every root (absolute, sorted): not followed, and not source files, but part of
   * the app, so the scan reports them as skipped rather than lose them silently.
   */
  links: string[];
}

/**
 * Walks never follow symbolic links (a link to a parent folder would loop) and list every entry that is not a folder:
 * symlinks to files are read through, and what is not a regular file (a FIFO, a socket, a dangling or looping link)
 * is reported by the reader as skipped instead of vanishing from the result or blocking it. Links to folders outside
 * every scanned folder are returned apart (`links`); a link into a scanned folder loses nothing.
 */
const GLOB_OPTIONS = {
  ignore: DEFAULT_IGNORES,
  dot: true,
  onlyFiles: false,
  objectMode: true,
  followSymbolicLinks: false,
  suppressErrors: true,
} as const;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Folder walks match in any letter case, as fast-glob with `caseSensitiveMatch: false` did (a RegExp `i` flag, no
// `u`); globs match the default ignores case-sensitively, as before.
const IGNORED_FOLDER = new RegExp(`^(?:${IGNORED_FOLDERS.map(escapeRegExp).join('|')})$`, 'i');
const IGNORED_FILE = new RegExp(`${escapeRegExp(IGNORED_FILE_SUFFIX)}$`, 'i');
const SOURCE_FILE = new RegExp(`(?:${SOURCE_EXTENSIONS.map(escapeRegExp).join('|')})$`, 'i');

export function discoverFiles(options: DiscoverOptions): Discovered {
  const patterns = options.patterns.length > 0 ? options.patterns : ['.'];
  const files = new Set<string>();
  const roots = new Set<string>();
  const userIgnore = ignore().add(options.ignore.map((pattern) => pattern.replace(/^\.\//, '')));
  const gitignores = options.gitignore ? new Gitignores() : undefined;
  const keepGlobbed = (absolute: string): boolean => {
    const relative = relativePath(options.cwd, absolute);
    if (!leavesFolder(relative) && relative !== '' && userIgnore.ignores(relative)) return false;
    return !gitignores?.ignores(absolute);
  };

  /** Links to folders met by the walks, not followed (decided once every root is known). */
  const folderLinks: string[] = [];
  for (const pattern of patterns) {
    const absolute = resolveFrom(options.cwd, pattern);
    if (existsSync(absolute)) {
      const stats = statSync(absolute);
      if (stats.isDirectory()) {
        roots.add(absolute);
        // Without patterns nothing can match; outside cwd the rules never applied.
        const user = options.ignore.length > 0 && isInside(options.cwd, absolute) ? { rules: userIgnore, prefix: relativePath(options.cwd, absolute) } : undefined;
        walkFolder(absolute, user, gitignores, files, folderLinks);
      } else {
        // A file named on the command line is scanned even when an ignore rule covers it.
        roots.add(dirnameOf(absolute));
        files.add(absolute);
      }
      continue;
    }
    if (!requireFastGlob().isDynamicPattern(pattern)) {
      throw new UsageError('usage/missing-path', `no such file or directory: ${pattern}`, { hint: 'check the path, or quote a glob so the shell does not expand it' });
    }
    roots.add(options.cwd);
    const matches = requireFastGlob().sync(toPosix(pattern), { ...GLOB_OPTIONS, cwd: options.cwd, absolute: true });
    const sources = matches
      .filter((entry) => !entry.dirent.isDirectory())
      .map((entry) => entry.path)
      .filter((file) => SOURCE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext)));
    if (sources.length === 0) throw new UsageError('usage/no-match', `no source files match ${pattern}`, { hint: `privlint reads ${SOURCE_EXTENSIONS.join(' ')}` });
    for (const file of sources) if (keepGlobbed(file)) files.add(file);
  }
  return { files: [...files].sort(), roots: [...roots].sort(), links: linksLeavingTheScan(folderLinks, roots).sort() };
}

/**
 * The links whose target is a folder outside every root, by real path: a link into a scanned folder loses nothing,
 * and one to a folder that holds a root (a loop back up) leads to what the user chose not to scan.
 */
function linksLeavingTheScan(links: readonly string[], roots: ReadonlySet<string>): string[] {
  if (links.length === 0) return [];
  const realRoots = [...roots].map(realPathOf).filter((root): root is string => root !== undefined);
  return links.filter((link) => {
    try {
      if (!statSync(link).isDirectory()) return false; // a link to a file is read through; a dangling one is listed if named like source
    } catch {
      return false;
    }
    const target = realPathOf(link);
    return target !== undefined && !realRoots.some((root) => target === root || isInside(root, target) || isInside(target, root));
  });
}

function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Ignore rules that apply below their own folder, and the path from that folder down to the one in hand ('' = it). */
interface Scope {
  rules: Ignore;
  prefix: string;
}

function descend(scope: Scope, name: string): Scope {
  return { rules: scope.rules, prefix: scope.prefix === '' ? name : `${scope.prefix}/${name}` };
}

/**
 * Do the scope's rules exclude `name` in its folder? `suffix` '/' asks about a folder, which excludes everything
 * under it (the `ignore` package tests a file's parent folders this same way).
 */
function excludes(scope: Scope, name: string, suffix = ''): boolean {
  const path = scope.prefix === '' ? name : `${scope.prefix}/${name}`;
  return !leavesFolder(path) && scope.rules.ignores(path + suffix);
}

/**
 * Does git leave out `name` (a folder when `suffix` is '/'), given the .gitignore scopes that apply in its folder,
 * innermost first? As in git, the deepest .gitignore with a rule for the path decides (within one, its last matching
 * rule), so `!x` in a deeper file takes back what one above ignores. A scope whose verdict comes only from the
 * entry's folder (which its rules exclude, but a deeper .gitignore took back: the walk is here) has no say; git
 * never re-includes below a folder that stays excluded, which the walk ensures by not entering it.
 */
function excludedBy(scopes: readonly Scope[], name: string, suffix = ''): boolean {
  for (const scope of scopes) {
    const path = scope.prefix === '' ? name : `${scope.prefix}/${name}`;
    if (leavesFolder(path)) continue;
    const verdict = scope.rules.test(path + suffix);
    if (verdict.unignored) return false;
    if (verdict.ignored && !(scope.prefix !== '' && scope.rules.test(`${scope.prefix}/`).ignored)) return true;
  }
  return false;
}


interface PendingFolder {
  path: string;
  /** --ignore, relative to cwd; none when the walk is outside cwd or there are no patterns. */
  user: Scope | undefined;
  /** .gitignore rules of the folders above, up to the repository root. */
  git: Scope[];
  /** Excluded by a .gitignore above: walked only to find nested repositories, whose own rules decide their files. */
  gitIgnored: boolean;
}

/**
 * Lists the source files under `root`, carrying the ignore rules down: a folder --ignore excludes is not read, one a
 * .gitignore excludes is only searched for nested repositories, and each .gitignore is read once.
 */
function walkFolder(root: string, user: Scope | undefined, gitignores: Gitignores | undefined, files: Set<string>, folderLinks: string[]): void {
  const stack: PendingFolder[] = [{ path: root, user, ...(gitignores ? gitignores.above(root) : { git: [], gitIgnored: false }) }];
  for (let folder = stack.pop(); folder; folder = stack.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder.path, { withFileTypes: true });
    } catch {
      continue; // unreadable, or gone since it was listed: skipped, as fast-glob's suppressErrors did
    }
    const { git, gitIgnored } = gitignores ? gitignores.inFolder(folder, entries) : folder;
    for (const entry of entries) {
      const name = entry.name;
      if (entry.isDirectory()) {
        if (IGNORED_FOLDER.test(name)) continue;
        if (folder.user && excludes(folder.user, name, '/')) continue;
        const childIgnored = gitIgnored || excludedBy(git, name, '/');
        stack.push({
          path: childPath(folder.path, name),
          user: folder.user && descend(folder.user, name),
          git: childIgnored ? [] : git.map((scope) => descend(scope, name)),
          gitIgnored: childIgnored,
        });
      } else if (!gitIgnored && SOURCE_FILE.test(name) && !IGNORED_FILE.test(name)) {
        if (folder.user && excludes(folder.user, name)) continue;
        if (excludedBy(git, name)) continue;
        files.add(childPath(folder.path, name));
      } else if (!gitIgnored && entry.isSymbolicLink() && !IGNORED_FOLDER.test(name)) {
        // Maybe a folder: judged by the rules for folders, and later by where it leads.
        if (folder.user && excludes(folder.user, name, '/')) continue;
        if (excludedBy(git, name, '/')) continue;
        folderLinks.push(childPath(folder.path, name));
      }
    }
  }
}

/**
 * Every .gitignore from a file's folder up to the repository root (the nearest folder with a .git, else the file
 * system root) applies, each relative to its own folder, with git's precedence (see excludedBy): a folder git leaves
 * out is not entered, and below it nothing is taken back.
 */
class Gitignores {
  private readonly rulesByDir = new Map<string, Ignore | null>();
  private readonly repoRoots = new Map<string, boolean>();
  private readonly scopesByDir = new Map<string, Scope[]>();
  private readonly folderLeftOut = new Map<string, boolean>();

  /** A globbed file. */
  ignores(file: string): boolean {
    return this.leftOut(file, false);
  }

  /** The start of a folder walk: the rules of the folders above it. */
  above(root: string): Pick<PendingFolder, 'git' | 'gitIgnored'> {
    const parent = dirnameOf(root);
    if (parent === root || this.isRepoRoot(root)) return { git: [], gitIgnored: false };
    const name = relativePath(parent, root);
    const scopes = this.scopesOf(parent);
    return { git: scopes.map((scope) => descend(scope, name)), gitIgnored: this.leftOut(root, true) };
  }

  /** Whether git leaves out `path`: a folder on the way down from the repository root, or the path itself. */
  private leftOut(path: string, isFolder: boolean): boolean {
    if (isFolder) {
      const known = this.folderLeftOut.get(path);
      if (known !== undefined) return known;
    }
    const parent = dirnameOf(path);
    let answer = false;
    if (parent !== path && !(isFolder && this.isRepoRoot(path))) {
      answer = this.leftOut(parent, true) || excludedBy(this.scopesOf(parent), relativePath(parent, path), isFolder ? '/' : '');
    }
    if (isFolder) this.folderLeftOut.set(path, answer);
    return answer;
  }

  /** A walked folder's rules, from its entries: a repository root drops the rules above it, then its .gitignore joins. */
  inFolder(folder: PendingFolder, entries: Dirent[]): Pick<PendingFolder, 'git' | 'gitIgnored'> {
    let { git, gitIgnored } = folder;
    let hasGit = false;
    let hasGitignore = false;
    for (const entry of entries) {
      // Compared case-insensitively, then confirmed by path: a case-insensitive file system finds '.GIT' as '.git'.
      if (!entry.name.startsWith('.')) continue;
      const lower = entry.name.toLowerCase();
      if (lower === '.git') hasGit = true;
      else if (lower === '.gitignore') hasGitignore = true;
    }
    if (hasGit && this.isRepoRoot(folder.path)) {
      git = [];
      gitIgnored = false;
    }
    if (!gitIgnored && hasGitignore) {
      const own = this.rulesOf(folder.path);
      if (own) git = [{ rules: own, prefix: '' }, ...git];
    }
    return { git, gitIgnored };
  }

  /** The rules that apply in `dir`, its own first; memoised by folder, filled from the topmost folder not yet known. */
  private scopesOf(dir: string): Scope[] {
    const unknown: string[] = [];
    let scopes: Scope[] = [];
    for (let at = dir; ; ) {
      const known = this.scopesByDir.get(at);
      if (known) {
        scopes = known;
        break;
      }
      unknown.push(at);
      const parent = dirnameOf(at);
      if (parent === at || this.isRepoRoot(at)) break;
      at = parent;
    }
    for (let index = unknown.length - 1; index >= 0; index--) {
      const at = unknown[index]!;
      const parent = dirnameOf(at);
      const inherited = parent === at || this.isRepoRoot(at) ? [] : scopes.map((scope) => descend(scope, relativePath(parent, at)));
      const own = this.rulesOf(at);
      scopes = own ? [{ rules: own, prefix: '' }, ...inherited] : inherited;
      this.scopesByDir.set(at, scopes);
    }
    return scopes;
  }

  private isRepoRoot(dir: string): boolean {
    let answer = this.repoRoots.get(dir);
    if (answer === undefined) this.repoRoots.set(dir, (answer = existsSync(joinPath(dir, '.git'))));
    return answer;
  }

  private rulesOf(dir: string): Ignore | null {
    if (this.rulesByDir.has(dir)) return this.rulesByDir.get(dir)!;
    let rules: Ignore | null;
    try {
      rules = ignore().add(readFileSync(joinPath(dir, '.gitignore'), 'utf8'));
    } catch {
      rules = null;
    }
    this.rulesByDir.set(dir, rules);
    return rules;
  }
}
