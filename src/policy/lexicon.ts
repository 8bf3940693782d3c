// The policy lexicon (rules/policy-lexicon.yml) compiled into matchers: category terms, negation cues, and the
// words that tell collection, conditions, contrast, purposes and actors apart. Data lives in the YAML; this file
// only knows how to turn words into regular expressions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { categories } from '../inventory/categories.js';
import { packageRoot } from '../util/package-root.js';

export const LEXICON_FILE = 'policy-lexicon.yml';

interface Bilingual {
  zh?: string[];
  en?: string[];
}

interface LexiconFile {
  version: 1;
  categories: Record<string, Bilingual & { exclude?: Bilingual }>;
  negation: {
    zh: { negators: string[]; fillers: string[]; verbs: string[]; phrases?: string[] };
    en: { negators: string[]; fillers: string[]; verbs: string[]; phrases?: string[] };
    userSubject: Bilingual;
  };
  conditional: { before: Bilingual; after: Bilingual };
  contrast: Bilingual;
  collection: Bilingual;
  userControl: Bilingual;
  skipSections: Bilingual;
  actors: {
    self: Bilingual;
    generic: Bilingual;
    companySuffixes: Bilingual;
    columns: { actor: string[]; purpose: string[]; feature: string[] };
  };
  purpose: Bilingual;
  features: { ignore: string[] };
}

/** One mention of a category term (or of an exclude phrase, category `null`) in a text. */
export interface TermHit {
  start: number;
  end: number;
  /** The text as it stands in the policy. */
  text: string;
  /** Category id, or null for an exclude phrase ("短信验证码") that hides a shorter term. */
  category: string | null;
  /** The lexicon term that matched. */
  term: string;
}

export interface PolicyLexicon {
  /** Category ids that have terms, in the lexicon's order. */
  readonly categoryIds: readonly string[];
  /** Non-overlapping mentions, leftmost first, the longest term winning at a position; excludes included. */
  findTerms(text: string): TermHit[];
  /** Negation cues ("不会收集", "do not collect", "不涉及"); global. */
  readonly negation: RegExp;
  /** Matches when the text just before a cue makes the user its subject ("如您选择"); anchored at the end. */
  readonly userSubjectBefore: RegExp;
  /** Conditions that turn a denial into a collection with consent: before the cue / after the term. */
  readonly conditionalBefore: RegExp;
  readonly conditionalAfter: RegExp;
  readonly contrast: RegExp;
  readonly collection: RegExp;
  /** A user subject, then (within a few words) a control verb: "you can turn off", "您可以通过关闭". */
  readonly userControl: RegExp;
  /** Purpose markers ("目的是为了", "in order to"); global. */
  readonly purposeMarker: RegExp;
  /**
   * The most non-space characters one match of `collection` / `userControl` can hold (every match starts with
   * one): how far back a search must look to find a match that runs past a given offset.
   */
  readonly reach: { readonly collection: number; readonly userControl: number };
  readonly selfWords: readonly string[];
  readonly genericWords: ReadonlySet<string>;
  readonly companySuffixes: readonly string[];
  readonly columns: { readonly actor: readonly string[]; readonly purpose: readonly string[]; readonly feature: readonly string[] };
  readonly featureIgnore: ReadonlySet<string>;
  isSkippedSection(title: string): boolean;
}

const LATIN = /[A-Za-z0-9]/;

/** A term is case-sensitive when it is a short all-caps acronym: MAC is an address, "Mac" a computer. */
function isCaseSensitive(term: string): boolean {
  return /^[A-Z0-9_]{2,4}$/.test(term);
}

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * The regular-expression source for a phrase: white space matches any white space (or none), Latin letters match
 * either case unless the term is case-sensitive, Latin ends must be word ends (an optional plural "s" allowed).
 */
export function phraseSource(phrase: string, options: { caseSensitive?: boolean; plural?: boolean } = {}): string {
  const caseSensitive = options.caseSensitive ?? isCaseSensitive(phrase);
  let body = '';
  for (const part of phrase.trim().split(/(\s+)/)) {
    if (/^\s+$/.test(part)) {
      body += '\\s*';
      continue;
    }
    for (const ch of part) {
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      body += !caseSensitive && lower !== upper ? `[${lower}${upper}]` : escapeChar(ch);
    }
  }
  const trimmed = phrase.trim();
  const first = trimmed[0] ?? '';
  const last = trimmed[trimmed.length - 1] ?? '';
  const before = LATIN.test(first) ? '(?<![A-Za-z0-9])' : '';
  let after = '';
  if (LATIN.test(last)) after = `${options.plural && /[A-Za-z]/.test(last) ? '(?:[eE]?[sS])?' : ''}(?![A-Za-z0-9])`;
  return `${before}${body}${after}`;
}

function alternation(phrases: readonly string[], options: { plural?: boolean } = {}): string {
  const unique = [...new Set(phrases.map((phrase) => phrase.trim()).filter(Boolean))];
  unique.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return unique.map((phrase) => phraseSource(phrase, options)).join('|');
}

function both(value: Bilingual | undefined): string[] {
  return [...(value?.zh ?? []), ...(value?.en ?? [])];
}

/**
 * The most non-space characters a match of `alternation(phrases)` holds (white space in a phrase is `\s*`);
 * Infinity for no phrases, whose empty alternation matches anywhere.
 */
function longestPhrase(phrases: readonly string[]): number {
  let longest = -1;
  for (const phrase of phrases) if (phrase.trim() !== '') longest = Math.max(longest, phrase.replace(/\s+/g, '').length);
  return longest < 0 ? Infinity : longest;
}

/** Characters the user-control pattern allows between the user and the control verb ("您可以通过关闭"). */
const USER_CONTROL_GAP = 12;

/** The key two terms share when they match the same texts (case folded unless case-sensitive, no spaces). */
function termKey(term: string): string {
  const compact = term.replace(/\s+/g, '');
  return isCaseSensitive(term) ? compact : compact.toLowerCase();
}

interface TermEntry {
  term: string;
  category: string | null;
}

function compileTerms(file: LexiconFile, knownIds: ReadonlySet<string>): { regex: RegExp; entries: TermEntry[]; categoryIds: string[] } {
  const byKey = new Map<string, TermEntry>();
  const categoryIds: string[] = [];
  for (const [id, spec] of Object.entries(file.categories)) {
    if (!knownIds.has(id)) {
      throw new Error(`rules/${LEXICON_FILE}: "${id}" is not a category id of rules/categories.yml`);
    }
    categoryIds.push(id);
    const add = (term: string, category: string | null) => {
      const key = termKey(term);
      const existing = byKey.get(key);
      if (existing && existing.category !== category) {
        throw new Error(
          `rules/${LEXICON_FILE}: "${term}" is listed for ${category ?? 'exclude'} and for ${existing.category ?? 'exclude'} ("${existing.term}")`,
        );
      }
      if (!existing) byKey.set(key, { term: term.trim(), category });
    };
    const terms = both(spec);
    if (terms.length === 0) throw new Error(`rules/${LEXICON_FILE}: category ${id} has no terms`);
    for (const term of terms) add(term, id);
    for (const term of both(spec.exclude)) add(term, null);
  }
  // Longest first, so the alternation takes the longest term at the leftmost position.
  const entries = [...byKey.values()].sort(
    (a, b) => b.term.length - a.term.length || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0),
  );
  const source = entries.map((entry) => `(${phraseSource(entry.term, { plural: true })})`).join('|');
  return { regex: new RegExp(source, 'g'), entries, categoryIds };
}

function wordList(words: readonly string[]): RegExp {
  return new RegExp(alternation(words), 'g');
}

function negationRegex(file: LexiconFile): RegExp {
  const part = (spec: LexiconFile['negation']['zh'], latin: boolean) => {
    const gap = latin ? '\\s+' : '\\s*';
    const negators = alternation(spec.negators);
    const fillers = alternation(spec.fillers);
    const verbs = alternation(spec.verbs);
    return `(?:${negators})(?:${gap}(?:${fillers}))*${gap}(?:${verbs})`;
  };
  const phrases = alternation([...(file.negation.zh.phrases ?? []), ...(file.negation.en.phrases ?? [])]);
  return new RegExp(`${part(file.negation.zh, false)}|${part(file.negation.en, true)}${phrases ? `|${phrases}` : ''}`, 'g');
}

function loadFile(path: string): LexiconFile {
  const parsed = parse(readFileSync(path, 'utf8')) as LexiconFile;
  if (!parsed || parsed.version !== 1 || typeof parsed.categories !== 'object') {
    throw new Error(`${path}: not a policy lexicon (version: 1 and categories: expected)`);
  }
  return parsed;
}

export function compileLexicon(file: LexiconFile): PolicyLexicon {
  const knownIds = new Set(categories().map((category) => category.id));
  const terms = compileTerms(file, knownIds);
  const skip = both(file.skipSections).map((title) => title.toLowerCase());
  const userSubjects = alternation(both(file.negation.userSubject));
  return {
    categoryIds: terms.categoryIds,
    findTerms(text: string): TermHit[] {
      const hits: TermHit[] = [];
      const regex = terms.regex;
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match; match = regex.exec(text)) {
        if (match[0] === '') {
          regex.lastIndex++;
          continue;
        }
        // The one group that took part names the term.
        let index = 1;
        while (index < match.length && match[index] === undefined) index++;
        const entry = terms.entries[index - 1];
        hits.push({ start: match.index, end: match.index + match[0].length, text: match[0], category: entry.category, term: entry.term });
      }
      return hits;
    },
    negation: negationRegex(file),
    userSubjectBefore: new RegExp(`(?:${userSubjects})\\s*$`),
    conditionalBefore: wordList(both(file.conditional.before)),
    conditionalAfter: wordList(both(file.conditional.after)),
    contrast: wordList(both(file.contrast)),
    collection: wordList(both(file.collection)),
    userControl: new RegExp(`(?:${userSubjects})[^，。；,.;]{0,${USER_CONTROL_GAP}}?(?:${alternation(both(file.userControl))})`, 'g'),
    purposeMarker: wordList(both(file.purpose)),
    reach: {
      collection: longestPhrase(both(file.collection)),
      userControl: longestPhrase(both(file.negation.userSubject)) + USER_CONTROL_GAP + longestPhrase(both(file.userControl)),
    },
    selfWords: both(file.actors.self),
    genericWords: new Set(both(file.actors.generic).map((word) => word.toLowerCase())),
    companySuffixes: [...both(file.actors.companySuffixes)].sort((a, b) => b.length - a.length),
    columns: file.actors.columns,
    featureIgnore: new Set(file.features.ignore),
    isSkippedSection(title: string): boolean {
      const normalized = title
        .replace(/[\s:：.。、]+$/u, '')
        .trim()
        .toLowerCase();
      return skip.some((word) => normalized === word || (normalized.startsWith(word) && normalized.length <= word.length + 6));
    },
  };
}

let cached: PolicyLexicon | undefined;

/** The lexicon shipped in rules/policy-lexicon.yml (found from the package root, in src/ and in dist/src/). */
export function loadPolicyLexicon(): PolicyLexicon {
  cached ??= compileLexicon(loadFile(join(packageRoot(), 'rules', LEXICON_FILE)));
  return cached;
}

/** For tests and tools: compile a lexicon file at another path. */
export function loadPolicyLexiconFrom(path: string): PolicyLexicon {
  return compileLexicon(loadFile(path));
}
