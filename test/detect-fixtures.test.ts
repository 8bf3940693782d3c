// Every file under fixtures/detect carries its expectations inline (`// privlint-expect <category> <line>:<col>`);
// the real detector must find exactly those, with the prefilter and without it.
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { detectText, keysOf } from './helpers/detect.js';
import { compareKeys, diffKeys, readExpectations } from './helpers/expectations.js';
import { decodeSource } from '../src/discover/read.js';
import { sourceLineReader } from '../src/report/fingerprint.js';

const ROOT = fileURLToPath(new URL('../fixtures/detect/', import.meta.url));
const files = fg.sync('**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,vue,nvue,ets}', { cwd: ROOT }).sort();

describe('fixtures/detect', () => {
  it('has fixtures', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  describe.each(files)('%s', (file) => {
    const path = `${ROOT}${file}`;
    const expectations = readExpectations(path);
    const decoded = decodeSource(readFileSync(path));
    const text = decoded.ok ? decoded.text : '';

    it('declares what it expects', () => {
      expect(expectations.expected.length > 0 || expectations.clean, 'add `// privlint-expect none` on line 1 of a clean file').toBe(true);
      if (expectations.clean) expect(expectations.expected).toEqual([]);
    });

    it('gets exactly the expected findings', () => {
      const { detections, errors } = detectText(text, file);
      expect(errors.filter((error) => (error as { kind?: string }).kind === 'parse-error')).toEqual([]);
      const actual = keysOf(detections).sort(compareKeys);
      expect(diffKeys(expectations.expected, actual)).toEqual({ missing: [], extra: [] });
    });

    // Fingerprints hash these lines: the analysis hands on exactly what re-reading the file gives, for every
    // language, line terminator and encoding among the fixtures.
    it('hands on the text of each line a detection starts on, as the report would read it', () => {
      const { detections, sourceLines } = detectText(text, file);
      const fromDisk = sourceLineReader(ROOT);
      const lines = [...new Set(detections.map((detection) => detection.range.start.line))].sort((a, b) => a - b);
      expect(sourceLines).toEqual(lines.map((line) => [line, fromDisk(file, line)]));
      if (detections.length > 0) expect(sourceLines.some(([, line]) => line.trim() !== '')).toBe(true);
    });

    it('loses nothing to the prefilter', () => {
      expect(keysOf(detectText(text, file, false).detections)).toEqual(keysOf(detectText(text, file, true).detections));
    });
  });
});
