// The reader's checks run on every file of every scan, so they are written for speed; these tests hold them to
// the plain definitions.
import { describe, expect, it } from 'vitest';
import { decodeSource, looksMinified } from '../../src/discover/read.js';

/** The definition: a text of 4 KB or more whose lines average over 300 characters, or with one over 20,000. */
function referenceLooksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  const newline = text.includes('\n') || !text.includes('\r') ? '\n' : '\r';
  const lines = text.split(newline);
  return text.length / lines.length > 300 || lines.some((line) => line.length > 20_000);
}

describe('looksMinified', () => {
  it('agrees with the definition at and around every threshold', () => {
    const cases: string[] = [];
    for (const length of [4095, 4096, 6000, 19_999, 20_000, 20_001, 45_000]) {
      for (const lineLength of [10, 299, 300, 301, 2000, 20_000, 20_001]) {
        const line = 'x'.repeat(lineLength);
        let text = '';
        while (text.length < length) text += `${line}\n`;
        cases.push(text.slice(0, length), text.slice(0, length).replace(/\n/g, '\r'), text.slice(0, length).replace(/\n/g, '\r\n'));
      }
    }
    // One long line among short ones, at the start and at the end.
    cases.push(`${'a'.repeat(20_001)}\n${'b\n'.repeat(5000)}`, `${'b\n'.repeat(5000)}${'a'.repeat(20_001)}`, `${'b\n'.repeat(5000)}${'a'.repeat(19_000)}`);
    for (const text of cases) expect([text.length, looksMinified(text)]).toEqual([text.length, referenceLooksMinified(text)]);
    expect(cases.filter(looksMinified).length).toBeGreaterThan(0);
    expect(cases.filter((text) => !looksMinified(text)).length).toBeGreaterThan(0);
  });
});

describe('decodeSource', () => {
  it('calls a file binary for a NUL byte in its first 8 KB only', () => {
    const at = (offset: number) => {
      const bytes = Buffer.alloc(10_000, 0x61);
      bytes[offset] = 0;
      return decodeSource(bytes);
    };
    expect(at(0)).toMatchObject({ ok: false, kind: 'skipped-binary' });
    expect(at(8191)).toMatchObject({ ok: false, kind: 'skipped-binary' });
    expect(at(8192)).toMatchObject({ ok: true });
    expect(decodeSource(Buffer.from('wx.getLocation()\n'))).toEqual({ ok: true, text: 'wx.getLocation()\n' });
  });
});
