// toReportPath runs for every scanned file, so a file plainly inside cwd skips path.relative(); the answer must be
// what path.relative() gives, for any cwd and path.
import { isAbsolute, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, leavesFolder, toReportPath } from '../../src/util/path.js';

function reference(cwd: string, absolutePath: string): string {
  const rel = relative(cwd, absolutePath);
  return (rel === '' ? '.' : isAbsolute(rel) ? absolutePath : rel).split('\\').join('/');
}

describe('toReportPath', () => {
  it('equals path.relative for normalised and unnormalised paths inside, beside and above cwd', () => {
    const cwds = ['/home/dev/app', '/home/dev/app/', '/', '/home/dev/./app', '/home/dev/app/..', 'relative/app'];
    const tails = ['a.js', 'src/a.js', './a.js', 'src/../a.js', 'src//a.js', 'src/', '..a.js', 'src/..b/c.js', '.hidden/a.js', 'src/.', 'src/..', '', '.', '..', 'x/./y'];
    const cases = cwds.flatMap((cwd) => tails.flatMap((tail) => [`${cwd}/${tail}`, cwd + tail, `/home/dev/app${tail}`, `/home/dev/apps/${tail}`].map((path) => [cwd, path] as const)));
    for (const [cwd, path] of cases) expect([cwd, path, toReportPath(cwd, path)]).toEqual([cwd, path, reference(cwd, path)]);
    expect(toReportPath('/home/dev/app', '/home/dev/app/src/a.js')).toBe('src/a.js');
    expect(toReportPath('/home/dev/app', '/home/dev/other/a.js')).toBe('../other/a.js');
  });
});

describe('isInside and leavesFolder', () => {
  it('takes a name that starts with two dots for a name, and `..` for the way out', () => {
    expect(isInside('/home/dev/app', '/home/dev/app/..reports/x.json')).toBe(true);
    expect(isInside('/home/dev/app', '/home/dev/app/..')).toBe(false);
    expect(isInside('/home/dev/app', '/home/dev/app/../x')).toBe(false);
    expect(isInside('/home/dev/app', '/home/dev/apps/x')).toBe(false);
    expect(isInside('/home/dev/app', '/home/dev/app')).toBe(true);
    expect(['..', '../x', '..\\x', '..x.js', '..odd/a', 'a/..', '.'].map(leavesFolder)).toEqual([true, true, true, false, false, false, false]);
  });
});
