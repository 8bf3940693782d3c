// Bytes of a published policy → text. Policies arrive as UTF-8 (with or without BOM), UTF-16 (Windows "Unicode"
// saves, with or without BOM) and GBK/GB18030 (many Chinese sites and Word exports). Order of decision: a BOM says
// it; NUL bytes in a UTF-16 pattern say UTF-16; bytes that are valid UTF-8 are UTF-8 (also with a rare broken
// sequence, reported as lossy); anything else is GB18030 (a superset of GBK and GB2312). Binary files (PDF, Word, images, archives) are refused with a hint.
import { UsageError } from '../errors.js';

export type PolicyEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
export type PolicyLanguage = 'zh' | 'en';

export interface DecodedPolicy {
  /** The text, BOM removed, line ends normalised to \n, zero-width characters removed, NBSP as a space. */
  text: string;
  encoding: PolicyEncoding;
  /** Whether the file started with a byte-order mark. */
  bom: boolean;
  language: PolicyLanguage;
  /** Whether some bytes could not be decoded (U+FFFD in the text). */
  lossy: boolean;
}

const SAMPLE_BYTES = 64 * 1024;

/** Magic numbers of formats people save policies in that are not text. */
const BINARY_SIGNATURES: { bytes: number[]; what: string; hint: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', hint: 'save the policy page as HTML, or copy its text into a .txt file' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (a .docx or .odt document?)', hint: 'save the document as plain text (.txt) or HTML' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Word/Office document', hint: 'save the document as plain text (.txt) or HTML' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document', hint: 'save the document as plain text (.txt) or HTML' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', hint: 'give privlint the policy text, not a screenshot' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', hint: 'give privlint the policy text, not a screenshot' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image', hint: 'give privlint the policy text, not a screenshot' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive', hint: 'unpack it first' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an executable', hint: 'give privlint the policy text' },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** UTF-16 without BOM: text with any ASCII in it has NUL bytes on one side of each code unit only. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const nuls = even + odd;
  if (nuls < 2 || length < 4) return undefined;
  if (odd >= nuls * 0.9) return 'utf-16le';
  if (even >= nuls * 0.9) return 'utf-16be';
  return undefined;
}

function decodeWith(encoding: PolicyEncoding, bytes: Uint8Array, fatal = false): string {
  return new TextDecoder(encoding, { fatal, ignoreBOM: true }).decode(bytes);
}

/**
 * UTF-8, allowing a few broken sequences in an otherwise UTF-8 file (a truncated download, one bad byte): GBK text
 * read as UTF-8 breaks on nearly every Chinese character, a damaged UTF-8 file only here and there.
 */
function looksUtf8(bytes: Uint8Array): boolean {
  const text = decodeWith('utf-8', bytes);
  let broken = 0;
  let multibyte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) broken++;
    else if (code > 0x7f) multibyte++;
  }
  return broken === 0 || multibyte >= broken * 10;
}

/** Control characters other than tab, line ends and form feed: a few are noise, many mean binary. */
function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0xfffd) count++;
  }
  return count / text.length;
}

/** zh when Han characters carry the text; a few Chinese names in an English policy do not make it Chinese. */
export function detectLanguage(text: string): PolicyLanguage {
  let han = 0;
  let latin = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) han++;
    else if (/[A-Za-z]/.test(ch)) latin++;
  }
  return han > 0 && han * 5 >= latin ? 'zh' : 'en';
}

function normalize(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u00A0\u2007\u202F]/g, ' ');
}

export function decodePolicy(bytes: Uint8Array, fileName: string): DecodedPolicy {
  if (bytes.length === 0) {
    throw new UsageError('policy/empty', 'the policy file is empty', { file: fileName, hint: 'give the published policy as text, Markdown or HTML' });
  }
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) {
      throw new UsageError('policy/binary', `this is ${signature.what}, not a text, Markdown or HTML policy`, {
        file: fileName,
        hint: signature.hint,
      });
    }
  }

  let encoding: PolicyEncoding;
  let bom = false;
  let body = bytes;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    bom = true;
    body = bytes.subarray(3);
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    bom = true;
    body = bytes.subarray(2);
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    bom = true;
    body = bytes.subarray(2);
  } else {
    const utf16 = sniffUtf16(bytes);
    if (utf16) encoding = utf16;
    else if (bytes.subarray(0, SAMPLE_BYTES).includes(0)) {
      throw new UsageError('policy/binary', 'this looks binary (NUL bytes), not a text, Markdown or HTML policy', {
        file: fileName,
        hint: 'save the policy as UTF-8 text or HTML',
      });
    } else encoding = looksUtf8(bytes) ? 'utf-8' : 'gb18030';
  }

  const raw = decodeWith(encoding, body);
  if (controlRatio(raw) > 0.02) {
    throw new UsageError('policy/binary', `this looks binary (as ${encoding} it is mostly unreadable characters)`, {
      file: fileName,
      hint: 'save the policy as UTF-8 text or HTML',
    });
  }
  const text = normalize(raw);
  if (text.trim() === '') {
    throw new UsageError('policy/empty', 'the policy file has no text', { file: fileName, hint: 'give the published policy as text, Markdown or HTML' });
  }
  return { text, encoding, bom, language: detectLanguage(text), lossy: raw.includes('\uFFFD') };
}
