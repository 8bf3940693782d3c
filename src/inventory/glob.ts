// Scope globs → matchers. Hand-written rather than picomatch: picomatch is only a transitive dependency here
// (fast-glob → micromatch) with no types, and scopes need just `*`, `**`, `?`, `[…]`, `{a,b}`, `\` escapes and `!`.
//
// Semantics (documented in the schema): paths are `/`-separated and relative to the inventory's folder;
// `*` and `?` never cross `/` (but do match dot files); `**` as a whole segment spans any number of folders;
// a glob also covers everything below a folder it matches (`pages/map` covers `pages/map/index.js`);
// a leading `!` excludes. Paths are always files, so `pages/**` does not match a file named `pages` (picomatch's
// "a/** matches a" is about folders), and only an exact `**` segment spans folders (`**a` is `*a`).

const MAGIC = /[*?[\]{}\\]/;

/**
 * Escape a literal path so it can be used as a glob (`pages/[id].js` → `pages/\[id\].js`). A leading `!` and the
 * colon of a drive-like `a:` folder are escaped too, so the glob is neither an exclusion nor taken for absolute.
 */
export function escapeGlob(path: string): string {
  return path
    .replace(/[*?[\]{}\\!]/g, (char, offset: number) => (char === '!' && offset !== 0 ? char : `\\${char}`))
    .replace(/^([A-Za-z]):/, '$1\\:');
}

export function hasGlobMagic(glob: string): boolean {
  return MAGIC.test(glob);
}

/** Matching `}` for each `{` that holds a top-level comma (others are literal braces). */
function braceGroups(glob: string): Map<number, number> {
  const groups = new Map<number, number>();
  const open: { start: number; comma: boolean }[] = [];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\') i++;
    else if (char === '{') open.push({ start: i, comma: false });
    else if (char === ',' && open.length) open[open.length - 1].comma = true;
    else if (char === '}' && open.length) {
      const group = open.pop()!;
      if (group.comma) groups.set(group.start, i);
    }
  }
  return groups;
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regular expression for one glob (without the leading `!`), anchored, with the folder rule applied. */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  if (pattern === '' || pattern === '.') pattern = '**';
  const groups = braceGroups(pattern);
  const closers = new Set(groups.values());
  // Inside a brace group a comma is an alternative; track which commas are active.
  const groupStack: number[] = [];
  const atBoundary = (i: number) => i < 0 || pattern[i] === '/' || (groupStack.length > 0 && (pattern[i] === ',' || groups.has(i)));
  const endsBoundary = (i: number) =>
    i >= pattern.length || pattern[i] === '/' || (groupStack.length > 0 && (pattern[i] === ',' || closers.has(i)));
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
      source += i < pattern.length ? escapeRegExp(pattern[i]) : '\\\\';
    } else if (char === '*') {
      let end = i;
      while (pattern[end + 1] === '*') end++;
      if (end === i + 1 && atBoundary(i - 1) && endsBoundary(end + 1)) {
        if (pattern[end + 1] === '/') {
          source += '(?:.*/)?';
          end++;
        } else source += '.*';
      } else source += '[^/]*';
      i = end;
    } else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = classEnd(pattern, i);
      if (close < 0) source += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        let negate = false;
        if (body[0] === '!' || body[0] === '^') {
          negate = true;
          body = body.slice(1);
        }
        const escaped = body.replace(/\\(.)/g, '$1').replace(/[\\\]^]/g, '\\$&');
        if (!isValidClass(escaped)) source += '\\[';
        else {
          source += negate ? `[^/${escaped}]` : `(?!/)[${escaped}]`;
          i = close;
        }
      }
    } else if (groups.has(i)) {
      groupStack.push(groups.get(i)!);
      source += '(?:';
    } else if (char === ',' && groupStack.length) source += '|';
    else if (char === '}' && groupStack.length && groupStack[groupStack.length - 1] === i) {
      groupStack.pop();
      source += ')';
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^(?:${source})(?:/.*)?$`, 'u');
}

/** `[z-a]` is not a class a glob user meant; such a `[` is taken literally. */
function isValidClass(body: string): boolean {
  try {
    new RegExp(`[${body}]`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Index of the `]` closing a class opened at `start`, or -1 (then `[` is literal). `]` first in the class is literal. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '/') return -1;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

/** A matcher for a scope: some positive glob matches (every path, when there are only exclusions) and no `!` glob does. */
export function compileScope(globs: readonly string[]): (path: string) => boolean {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) exclude.push(globToRegExp(glob.slice(1)));
    else include.push(globToRegExp(glob));
  }
  return (path) =>
    (include.length === 0 || include.some((regexp) => regexp.test(path))) && !exclude.some((regexp) => regexp.test(path));
}
