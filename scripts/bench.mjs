// npm run bench [-- --quick] [-- --files N] [-- --runs N] [-- --skip-eslint]
// Measures, side by side on the same corpus: reading every file (the limit), parsing every file with
// @babel/parser, the ESLint peer (core no-restricted-* rules over the same APIs), privlint cold with 1 thread and
// with all cores, and privlint warm with --cache. Prints files/s, MB/s, peak RSS and the ratios. Asserts nothing.
// Each short task runs --runs times (default 3) and its median counts: on a 2-core machine one run of a sub-second
// task varies by ±10 %, enough to flip a ratio against its target. Parsing everything and the ESLint peer run once.
import { spawnSync } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { generateCorpus } from './bench-corpus.mjs';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filesArg = args.indexOf('--files');
const fileCount = filesArg >= 0 ? Number(args[filesArg + 1]) : quick ? 2000 : 20000;
const skipEslint = args.includes('--skip-eslint');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 1) : 3;
// Outside the repository: the repository's .gitignore must not apply to the corpus.
const corpus = join(tmpdir(), 'privlint-bench', `corpus-${fileCount}`);

console.log(`privlint benchmark — ${fileCount} files${quick ? ' (quick)' : ''}, Node ${process.version}, ${availableParallelism()} cores`);
if (!existsSync(join(corpus, '.done'))) {
  const t = performance.now();
  const { lines } = generateCorpus(corpus, { files: fileCount });
  (await import('node:fs')).writeFileSync(join(corpus, '.done'), String(lines));
  console.log(`generated corpus in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const files = fg.sync('**/*.{js,ts,tsx,vue,ets}', { cwd: corpus, absolute: true });
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const lines = Number((await import('node:fs')).readFileSync(join(corpus, '.done'), 'utf8'));
console.log(`corpus: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${lines.toLocaleString('en')} lines\n`);

/**
 * Runs a node script in a child process `times` times; returns the median wall time and the highest peak RSS (each
 * child reports its own).
 */
function measure(label, script, scriptArgs = [], { cwd = repo, fileCount = files.length, byteCount = bytes, times = runs } = {}) {
  const timings = [];
  let rssMb = 0;
  for (let run = 0; run < times; run++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, [join(repo, 'scripts/bench-child.mjs'), script, ...scriptArgs], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    timings.push((performance.now() - start) / 1000);
    const rssLine = /BENCH_RSS (\d+)/.exec(result.stderr);
    rssMb = Math.max(rssMb, rssLine ? Number(rssLine[1]) / 1024 : NaN);
    if (result.status !== 0 && result.status !== 1) {
      console.log(`${label}: failed (exit ${result.status})\n${result.stderr.slice(-2000)}`);
      return { label, seconds: NaN, rssMb };
    }
  }
  timings.sort((a, b) => a - b);
  const seconds = timings[(timings.length - 1) >> 1];
  const spread = times > 1 ? `  (median of ${times}: ${timings.map((t) => t.toFixed(2)).join(' ')})` : '';
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s  ${(fileCount / seconds).toFixed(0).padStart(7)} files/s  ${(byteCount / 1e6 / seconds).toFixed(1).padStart(6)} MB/s  peak RSS ${rssMb.toFixed(0)} MB${spread}`);
  return { label, seconds, rssMb };
}

const cli = join(repo, 'bin/privlint.js');
// Warms the page cache so the first measurement is not penalised.
measure('(warm-up: read)', 'read', [corpus], { times: 1 });
const read = measure('read every file', 'read', [corpus]);
const parse = measure('parse every file (@babel/parser)', 'parse', [corpus], { times: 1 });
// privlint runs as a user runs it, from the project's folder (report paths relative to it), writing its report into
// a dot folder the scan does not read.
const inCorpus = { cwd: corpus };
const cold1 = measure('privlint scan, cold, 1 thread', 'cli', [cli, 'scan', '.', '--format', 'json', '--workers', '1', '--output', '.bench-out/out-1.json'], inCorpus);
// All cores, asked for: below 5,000 files privlint's default is one thread.
const coldN = measure(`privlint scan, cold, ${availableParallelism()} threads`, 'cli', [cli, 'scan', '.', '--format', 'json', '--workers', String(availableParallelism()), '--output', '.bench-out/out-n.json'], inCorpus);
// Linearity: the same scan over three quarters, a half and a quarter of the corpus (pkg0…pkg24 hold half the files).
// Fixed costs (start-up, the parser's warm-up) make a small scan look cheap, so growth is judged by how well the four
// sizes fit one line (fixed + per file) and by the marginal cost per file, which must not rise with size. All four
// run on all cores, so they differ only in size.
const subset = (count) => Array.from({ length: count }, (_, i) => `pkg${i}`);
const subsetSize = (dirs) => {
  const subsetFiles = dirs.flatMap((dir) => fg.sync('**/*.{js,ts,tsx,vue,ets}', { cwd: join(corpus, dir), absolute: true }));
  return { fileCount: subsetFiles.length, byteCount: subsetFiles.reduce((sum, file) => sum + statSync(file).size, 0) };
};
const threeQuarterDirs = subset(37);
const halfDirs = subset(25);
const quarterDirs = subset(12);
const threeQuarterSize = subsetSize(threeQuarterDirs);
const halfSize = subsetSize(halfDirs);
const quarterSize = subsetSize(quarterDirs);
const threeQuarter = measure('privlint scan, cold, three quarters', 'cli', [cli, 'scan', ...threeQuarterDirs, '--format', 'json', '--workers', String(availableParallelism()), '--output', '.bench-out/out-3q.json'], { ...inCorpus, ...threeQuarterSize });
const half = measure('privlint scan, cold, half the files', 'cli', [cli, 'scan', ...halfDirs, '--format', 'json', '--workers', String(availableParallelism()), '--output', '.bench-out/out-half.json'], { ...inCorpus, ...halfSize });
const quarter = measure('privlint scan, cold, a quarter', 'cli', [cli, 'scan', ...quarterDirs, '--format', 'json', '--workers', String(availableParallelism()), '--output', '.bench-out/out-quarter.json'], { ...inCorpus, ...quarterSize });
const halfCount = halfSize.fileCount;
const quarterCount = quarterSize.fileCount;
let warm;
const cacheSupported = spawnSync(process.execPath, [cli, 'scan', '--help'], { encoding: 'utf8' }).stdout.includes('--cache');
if (cacheSupported) {
  const cacheArgs = [cli, 'scan', '.', '--format', 'json', '--cache', '--cache-location', '.bench-out/cache.json', '--output', '.bench-out/out-c.json'];
  // Written afresh by this build (a cache from another build is not used, but would cost a cold scan to notice).
  rmSync(join(corpus, '.bench-out/cache.json'), { force: true });
  spawnSync(process.execPath, cacheArgs, inCorpus);
  warm = measure('privlint scan, warm, --cache', 'cli', cacheArgs, inCorpus);
}
const eslint = skipEslint ? undefined : measure('ESLint peer (no-restricted-*)', 'eslint', [corpus], { times: 1 });
// The plugin's cost per ~500-line file: the time ESLint measures in privlint's rules (parser: typescript-eslint's).
const pluginRun = spawnSync(process.execPath, [join(repo, 'scripts/bench-child.mjs'), 'plugin', corpus], { cwd: repo, encoding: 'utf8' });
const pluginLine = /BENCH_PLUGIN files=(\d+) withCalls=(\d+) eslintMs=([\d.]+) pluginMs=(-?[\d.]+)/.exec(pluginRun.stderr);
if (pluginLine) console.log(`ESLint plugin, ${pluginLine[1]} files of ~500 lines (${pluginLine[2]} with calls): its rules ${pluginLine[4]} ms/file (ESLint's parse ${pluginLine[3]} ms/file)`);
else console.log(`ESLint plugin: failed\n${pluginRun.stderr.slice(-2000)}`);

const ratio = (a, b) => (a && b && Number.isFinite(a.seconds) && Number.isFinite(b.seconds) ? (a.seconds / b.seconds).toFixed(2) : 'n/a');
console.log('\nratios');
console.log(`  privlint cold (all cores) / read      ${ratio(coldN, read)}   (target ≤ 2)`);
console.log(`  privlint cold (1 thread) / read       ${ratio(cold1, read)}`);
if (warm) console.log(`  privlint warm (--cache) / read        ${ratio(warm, read)}   (target ≤ 1)`);
console.log(`  parse everything / read               ${ratio(parse, read)}`);
if (eslint) console.log(`  ESLint peer / privlint cold           ${ratio(eslint, coldN)}   (target ≥ 40)`);
console.log(`  full corpus / half corpus               ${ratio(coldN, half)}   (2 with no fixed costs)`);
const marginal = (a, b, filesA, filesB) => ((a.seconds - b.seconds) / (filesA - filesB)) * 1e6;
const upperHalf = marginal(coldN, half, files.length, halfCount);
const lowerHalf = marginal(half, quarter, halfCount, quarterCount);
console.log(`  cost per added file, ½→1 vs ¼→½       ${upperHalf.toFixed(1)} µs vs ${lowerHalf.toFixed(1)} µs = ${(upperHalf / lowerHalf).toFixed(2)}   (≤ 1.2: the cost per file does not rise)`);
// The four sizes against the least-squares line time = fixed + perFile × files: linear growth puts every point near it.
const points = [
  [quarterCount, quarter.seconds],
  [halfCount, half.seconds],
  [threeQuarterSize.fileCount, threeQuarter.seconds],
  [files.length, coldN.seconds],
];
const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
const slope = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0) / points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
const fixed = meanY - slope * meanX;
const worst = Math.max(...points.map(([x, y]) => Math.abs(y - (fixed + slope * x)) / y));
console.log(`  time = ${fixed.toFixed(2)} s + ${(slope * 1e6).toFixed(1)} µs × files; farthest point off that line by ${(worst * 100).toFixed(1)} %   (linear: within 20 %)`);
if (pluginLine) console.log(`  ESLint plugin per ~500-line file      ${pluginLine[4]} ms   (target < 5)`);
console.log(`  peak RSS privlint (all cores)         ${coldN.rssMb.toFixed(0)} MB   (target < 500)`);
