// Long fuzzing of the engine (`npm run fuzz`, after a build): the properties of test/hostile/fuzz.test.ts run on
// dist/ for many more cases. The cases run in a worker thread watched from here, so a hang is caught too.
//
//   node scripts/fuzz.mjs [--runs N] [--seconds S] [--seed N] [--path P] [--hang-seconds S] [--max-millis MS]
//
// Defaults: 20 000 runs (or until --seconds), a random seed that is printed first. A failure prints fast-check's
// counterexample, the seed and the path; rerun with `--seed N --path P` to replay exactly that case. A case that
// runs over --hang-seconds (default 60) is written to fuzz-hang-<seed>.json; one over --max-millis (default 30 000)
// fails the property.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';

const REPO = fileURLToPath(new URL('..', import.meta.url));

if (isMainThread) await main();
else await runWorker(workerData);

function parseArgs(argv) {
  const options = { runs: undefined, seconds: undefined, seed: undefined, path: undefined, hangSeconds: 60, maxMillis: 30_000 };
  const number = (flag, value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) {
      process.stderr.write(`fuzz: ${flag} takes a number, got '${value}'\n`);
      process.exit(2);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--runs':
        options.runs = number(flag, value);
        i++;
        break;
      case '--seconds':
        options.seconds = number(flag, value);
        i++;
        break;
      case '--seed':
        options.seed = number(flag, value) | 0;
        i++;
        break;
      case '--path':
        options.path = value;
        i++;
        break;
      case '--hang-seconds':
        options.hangSeconds = number(flag, value);
        i++;
        break;
      case '--max-millis':
        options.maxMillis = number(flag, value);
        i++;
        break;
      case '--help':
      case '-h':
        process.stdout.write('usage: node scripts/fuzz.mjs [--runs N] [--seconds S] [--seed N] [--path P] [--hang-seconds S] [--max-millis MS]\n');
        process.exit(0);
        break;
      default:
        process.stderr.write(`fuzz: unknown argument ${flag}\n`);
        process.exit(2);
    }
  }
  options.seed ??= (Math.random() * 0x7fffffff) | 0;
  if (options.runs === undefined && options.seconds === undefined) options.runs = 20_000;
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const budget = options.seconds !== undefined ? `${options.seconds} s` : `${options.runs} runs`;
  process.stdout.write(`fuzz: seed ${options.seed}, ${budget} (rerun with --seed ${options.seed})\n`);
  const worker = new Worker(new URL(import.meta.url), { workerData: options });
  let lastCase;
  let lastBeat = Date.now();
  let cases = 0;
  let lastReport = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - lastBeat <= options.hangSeconds * 1000) return;
    clearInterval(timer);
    const file = `fuzz-hang-${options.seed}.json`;
    writeFileSync(file, `${JSON.stringify(lastCase, null, 2)}\n`);
    process.stderr.write(`fuzz: HANG — case ${cases} ran over ${options.hangSeconds} s (seed ${options.seed}); the case is in ${file}\n`);
    void worker.terminate().then(() => process.exit(1));
  }, 1000);
  const code = await new Promise((resolve) => {
    worker.on('message', (message) => {
      lastBeat = Date.now();
      if (message.kind === 'case') {
        lastCase = message.testCase;
        cases = message.n;
        if (Date.now() - lastReport >= 10_000) {
          lastReport = Date.now();
          process.stdout.write(`fuzz: ${message.n} cases\n`);
        }
      } else if (message.kind === 'done') {
        const outcomes = Object.entries(message.outcomes)
          .sort()
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ');
        process.stdout.write(`fuzz: passed ${message.runs} cases (seed ${options.seed}); slowest ${Math.round(message.slowest)} ms; outcomes: ${outcomes}\n`);
        resolve(0);
      } else if (message.kind === 'failed') {
        process.stderr.write(`fuzz: FAILED (seed ${options.seed})\n${message.message}\n`);
        resolve(1);
      }
    });
    worker.on('error', (error) => {
      process.stderr.write(`fuzz: the fuzz worker crashed (seed ${options.seed}): ${error && error.stack ? error.stack : error}\n`);
      if (lastCase) process.stderr.write(`last case: ${JSON.stringify(lastCase)}\n`);
      resolve(1);
    });
  });
  clearInterval(timer);
  await worker.terminate();
  process.exitCode = code;
}

async function runWorker(options) {
  const fc = (await import('fast-check')).default;
  const core = await import('../test/hostile/fuzz-core.mjs');
  const { analyzeText } = await import('../dist/src/scan/analyze-file.js');
  const { decodeSource } = await import('../dist/src/discover/read.js');
  const { loadCatalogue } = await import('../dist/src/catalogue/load.js');
  const { buildMatchIndex } = await import('../dist/src/catalogue/match-index.js');
  const catalogue = loadCatalogue();
  const engine = { analyzeText, decodeSource, index: buildMatchIndex(catalogue), categories: new Set(catalogue.categories.map((c) => c.id)) };
  const seeds = core.loadSeeds(REPO);
  let n = 0;
  let slowest = 0;
  const outcomes = {};
  const property = core.fuzzProperty(fc, engine, seeds, {
    maxMillis: options.maxMillis,
    onCase: (testCase) => parentPort.postMessage({ kind: 'case', n: ++n, testCase }),
    onResult: (checked) => {
      slowest = Math.max(slowest, checked.millis);
      const outcome = checked.outcome ?? 'failed';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    },
  });
  try {
    fc.assert(property, {
      seed: options.seed,
      ...(options.path !== undefined ? { path: options.path } : {}),
      numRuns: options.runs ?? Number.MAX_SAFE_INTEGER,
      ...(options.seconds !== undefined ? { interruptAfterTimeLimit: options.seconds * 1000, markInterruptAsFailure: false } : {}),
    });
    parentPort.postMessage({ kind: 'done', runs: n, slowest, outcomes });
  } catch (error) {
    // fast-check 4 keeps what the property threw in `cause`.
    const cause = error && error.cause ? `\nCaused by: ${error.cause.message ?? error.cause}` : '';
    parentPort.postMessage({ kind: 'failed', message: `${error && error.message ? error.message : String(error)}${cause}` });
  }
}
