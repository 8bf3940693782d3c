// The fuzz properties, in plain JavaScript so that both the test suite (short, through vitest on src/) and
// `npm run fuzz` (long, on the built dist/) run exactly the same cases. The engine is passed in, never imported.
//
// A case is data: a seed file from fixtures/detect or fixtures/apps plus a list of mutations (byte flips,
// truncation, line deletion/duplication, inserted brackets/quotes/unicode, CR/LF swaps, deep nesting, another
// encoding). The same case always produces the same bytes, so a failure printed as JSON reproduces anywhere.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.vue', '.nvue', '.uvue', '.ets'];

/** Kinds analyzeText may report for a file it was given. */
export const ANALYSIS_ERROR_KINDS = new Set(['parse-error', 'too-deeply-nested']);
/** Kinds the decoder may return instead of text, or note beside it. */
export const DECODE_KINDS = new Set(['skipped-binary', 'decoded-gb18030', 'decoded-lossy', 'decoded-utf16']);

/** Every source file under fixtures/detect and fixtures/apps, sorted by path: the seeds mutations start from. */
export function loadSeeds(repo) {
  const seeds = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stats = statSync(path);
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile() && SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext))) {
        seeds.push({ name: relative(repo, path).split('\\').join('/'), bytes: new Uint8Array(readFileSync(path)) });
      }
    }
  };
  walk(join(repo, 'fixtures/detect'));
  walk(join(repo, 'fixtures/apps'));
  return seeds;
}

const INSERTIONS = [
  '(', ')', '[', ']', '{', '}', '<', '>', '"', "'", '`', '${', '/', '/*', '*/', '//', '\\', ';', ',', '=>', '?.', '#', '@',
  '<template>', '</template>', '<script>', '</script>', '<script setup lang="ts">', '@Component', '@Entry', 'struct ', 'build() {',
  '\u2028', '\u2029', '\ufeff', '\u200b', '\u202e', '\r', '\n', '\r\n', '\0', '\t',
];

/** fast-check arbitrary for one mutation (a plain object). */
export function mutationArbitrary(fc) {
  const at = fc.integer({ min: 0, max: 1_000_000 }); // position as a fraction (per million) of the current length
  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
  const insertion = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...INSERTIONS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 3 }) },
  );
  return fc.oneof(
    fc.record({ op: fc.constant('flip'), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ op: fc.constant('truncate'), at }),
    fc.record({ op: fc.constant('deleteLine'), at }),
    fc.record({ op: fc.constant('duplicateLine'), at, times: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ op: fc.constant('insert'), at, text: insertion }),
    fc.record({ op: fc.constant('newlines'), mode: fc.constantFrom('lf-to-cr', 'lf-to-crlf', 'crlf-to-lf', 'cr-lf-swap', 'strip-cr') }),
    fc.record({
      op: fc.constant('nest'),
      at,
      open: fc.constantFrom('(', '[', '{', '`${', '!', 'a.', 'function(){', '<a>', '() => ', 'x ? y : '),
      depth: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 300, max: 12_000 }) }),
      close: fc.boolean(),
    }),
    fc.record({ op: fc.constant('encode'), as: fc.constantFrom('utf16le', 'utf16be', 'utf8-bom', 'latin1') }),
  );
}

/** fast-check arbitrary for one case: a seed, mutations, and how to analyse it. */
export function caseArbitrary(fc, seedCount) {
  const mutated = fc.record({
    seed: fc.integer({ min: 0, max: seedCount - 1 }),
    mutations: fc.array(mutationArbitrary(fc), { minLength: 1, maxLength: 6 }),
    // Sometimes parse the text as another language than its file says (a .vue parsed as .ets, …).
    as: fc.option(fc.constantFrom(...SOURCE_EXTENSIONS), { freq: 4 }),
    prefilter: fc.boolean(),
  });
  const random = fc.record({
    random: fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.uint8Array({ maxLength: 400 }).map((bytes) => Array.from(bytes))),
    as: fc.constantFrom(...SOURCE_EXTENSIONS),
    prefilter: fc.boolean(),
  });
  return fc.oneof({ weight: 5, arbitrary: mutated }, { weight: 1, arbitrary: random });
}

/** The bytes and file extension a case stands for. */
export function materialize(testCase, seeds) {
  if (testCase.random !== undefined) {
    const bytes = typeof testCase.random === 'string' ? new TextEncoder().encode(testCase.random) : Uint8Array.from(testCase.random);
    return { name: `random${testCase.as}`, ext: testCase.as, bytes };
  }
  const seed = seeds[testCase.seed];
  let bytes = seed.bytes;
  for (const mutation of testCase.mutations) bytes = applyMutation(bytes, mutation);
  const ext = testCase.as ?? seed.name.slice(seed.name.lastIndexOf('.'));
  return { name: `${seed.name}${testCase.as ? ` as ${testCase.as}` : ''}`, ext, bytes };
}

const encoder = new TextEncoder();
const position = (length, perMillion) => Math.min(length, Math.floor((length * perMillion) / 1_000_000));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

function lineBounds(bytes, at) {
  const i = position(bytes.length, at);
  let start = i;
  while (start > 0 && bytes[start - 1] !== 0x0a) start--;
  let end = i;
  while (end < bytes.length && bytes[end] !== 0x0a) end++;
  return { start, end: Math.min(bytes.length, end + 1) };
}

export function applyMutation(bytes, mutation) {
  switch (mutation.op) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      const i = Math.min(bytes.length - 1, position(bytes.length, mutation.at));
      out[i] ^= 1 << mutation.bit;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, position(bytes.length, mutation.at));
    case 'deleteLine': {
      const { start, end } = lineBounds(bytes, mutation.at);
      return concat(bytes.subarray(0, start), bytes.subarray(end));
    }
    case 'duplicateLine': {
      const { start, end } = lineBounds(bytes, mutation.at);
      const line = bytes.subarray(start, end);
      return concat(bytes.subarray(0, end), ...Array.from({ length: mutation.times }, () => line), bytes.subarray(end));
    }
    case 'insert': {
      const i = position(bytes.length, mutation.at);
      return concat(bytes.subarray(0, i), encoder.encode(mutation.text), bytes.subarray(i));
    }
    case 'newlines': {
      const text = Buffer.from(bytes).toString('latin1');
      const swapped =
        mutation.mode === 'lf-to-cr'
          ? text.replace(/\r?\n/g, '\r')
          : mutation.mode === 'lf-to-crlf'
            ? text.replace(/\r?\n/g, '\r\n')
            : mutation.mode === 'crlf-to-lf'
              ? text.replace(/\r\n/g, '\n')
              : mutation.mode === 'cr-lf-swap'
                ? text.replace(/[\r\n]/g, (ch) => (ch === '\r' ? '\n' : '\r'))
                : text.replace(/\r/g, '');
      return new Uint8Array(Buffer.from(swapped, 'latin1'));
    }
    case 'nest': {
      const i = position(bytes.length, mutation.at);
      const closer = { '(': ')', '[': ']', '{': '}', '`${': '}`', 'function(){': '}', '<a>': '</a>' }[mutation.open] ?? '';
      const open = encoder.encode(`${mutation.open}\n`.repeat(mutation.depth));
      const close = mutation.close ? encoder.encode(`${closer}\n`.repeat(mutation.depth)) : new Uint8Array(0);
      return concat(bytes.subarray(0, i), open, close, bytes.subarray(i));
    }
    case 'encode': {
      const text = new TextDecoder().decode(bytes);
      if (mutation.as === 'utf8-bom') return concat(Uint8Array.of(0xef, 0xbb, 0xbf), bytes);
      if (mutation.as === 'latin1') return new Uint8Array(Buffer.from(text, 'latin1'));
      const le = Buffer.from(text, 'utf16le');
      if (mutation.as === 'utf16be') le.swap16();
      return concat(mutation.as === 'utf16le' ? Uint8Array.of(0xff, 0xfe) : Uint8Array.of(0xfe, 0xff), le);
    }
    default:
      throw new Error(`unknown mutation ${JSON.stringify(mutation)}`);
  }
}

/**
 * Line lengths of `text` in both ways a position may have been counted: with U+2028/U+2029 as line breaks
 * (babel, ESLint) and without (the Vue SFC parser, editors). A position is in bounds if it fits either.
 */
function lineLengths(text) {
  const withSeparators = text.split(/\r\n|[\r\n\u2028\u2029]/).map((line) => line.length);
  const withoutSeparators = text.split(/\r\n|[\r\n]/).map((line) => line.length);
  return { lines: withSeparators.length, longest: (line) => Math.max(withSeparators[line - 1] ?? -1, withoutSeparators[line - 1] ?? -1) };
}

function checkPosition(where, line, column, bounds, problems) {
  if (!Number.isInteger(line) || !Number.isInteger(column)) return problems.push(`${where}: not integers (${line}:${column})`);
  if (line < 1 || line > bounds.lines) return problems.push(`${where}: line ${line} outside 1..${bounds.lines}`);
  const length = bounds.longest(line);
  if (column < 1 || column > length + 1) problems.push(`${where}: column ${column} outside 1..${length + 1} on line ${line}`);
}

/**
 * Decodes and analyses one case; returns what is wrong (empty when all is well). `engine` is
 * { analyzeText, decodeSource, index, categories: Set<string> }.
 */
export function checkCase(engine, testCase, seeds, options = {}) {
  const { name, ext, bytes } = materialize(testCase, seeds);
  const problems = [];
  const started = performance.now();
  let decoded;
  try {
    decoded = engine.decodeSource(bytes);
  } catch (error) {
    return { name, problems: [`decodeSource threw: ${error && error.stack ? error.stack : error}`], millis: performance.now() - started };
  }
  if (!decoded.ok) {
    if (!DECODE_KINDS.has(decoded.kind)) problems.push(`decodeSource returned unknown kind ${decoded.kind}`);
    return { name, problems, millis: performance.now() - started, outcome: decoded.kind };
  }
  if (decoded.note && !DECODE_KINDS.has(decoded.note.kind)) problems.push(`decodeSource noted unknown kind ${decoded.note.kind}`);
  const text = decoded.text;
  const reportFile = `fuzz/case${ext}`;
  const analyse = () =>
    engine.analyzeText(text, `/fuzz/case${ext}`, reportFile, {
      index: engine.index,
      limits: { maxFileSize: Number.MAX_SAFE_INTEGER, includeMinified: true },
      prefilter: testCase.prefilter,
      resolveImport: () => undefined,
    });
  let result;
  try {
    result = analyse();
  } catch (error) {
    return { name, problems: [`analyzeText threw: ${error && error.stack ? error.stack : error}`], millis: performance.now() - started };
  }
  const bounds = lineLengths(text);
  for (const detection of result.detections) {
    const where = `detection ${detection.category} ${detection.range.start.line}:${detection.range.start.column}`;
    if (!engine.categories.has(detection.category)) problems.push(`${where}: unknown category`);
    if (detection.file !== reportFile) problems.push(`${where}: file ${JSON.stringify(detection.file)}`);
    if (typeof detection.api !== 'string' || detection.api === '') problems.push(`${where}: no api`);
    checkPosition(`${where} start`, detection.range.start.line, detection.range.start.column, bounds, problems);
    checkPosition(`${where} end`, detection.range.end.line, detection.range.end.column, bounds, problems);
    const { start, end } = detection.range;
    if (end.line < start.line || (end.line === start.line && end.column < start.column)) problems.push(`${where}: ends before it starts`);
  }
  for (const error of result.errors) {
    const where = `error ${error.kind}`;
    if (!ANALYSIS_ERROR_KINDS.has(error.kind)) problems.push(`${where}: unknown kind`);
    if (error.file !== reportFile) problems.push(`${where}: file ${JSON.stringify(error.file)}`);
    if (typeof error.message !== 'string' || error.message === '') problems.push(`${where}: no message`);
    if (error.line !== undefined) checkPosition(where, error.line, error.column ?? 1, bounds, problems);
  }
  if (!['skipped', 'read', 'parsed'].includes(result.status)) problems.push(`unknown status ${result.status}`);
  // Same input, same output: no state leaks from one analysis into the next.
  if (options.checkDeterminism !== false) {
    let again;
    try {
      again = analyse();
    } catch (error) {
      problems.push(`second analyzeText threw: ${error}`);
    }
    if (again && JSON.stringify(again) !== JSON.stringify(result)) problems.push('a second analysis of the same text gave a different result');
  }
  const millis = performance.now() - started;
  if (options.maxMillis !== undefined && millis > options.maxMillis) problems.push(`took ${Math.round(millis)} ms (limit ${options.maxMillis} ms)`);
  const outcome = result.errors.some((e) => e.kind === 'too-deeply-nested') ? 'too-deeply-nested' : result.errors.length > 0 ? 'parse-error' : result.status;
  return { name, problems, millis, outcome, detections: result.detections.length };
}

/** The fast-check property over cases; `onCase` (optional) sees each case before it runs, for hang reports. */
export function fuzzProperty(fc, engine, seeds, options = {}) {
  return fc.property(caseArbitrary(fc, seeds.length), (testCase) => {
    options.onCase?.(testCase);
    const checked = checkCase(engine, testCase, seeds, options);
    options.onResult?.(checked);
    if (checked.problems.length > 0) throw new Error(`${checked.name}:\n  ${checked.problems.join('\n  ')}`);
  });
}
