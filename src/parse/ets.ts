/**
 * ArkTS (.ets) → TypeScript rewriting for @babel/parser.
 *
 * ArkTS is TypeScript plus `struct` components, decorators on functions and a UI DSL where a component call
 * takes a trailing child block (`Column() { … }`) and attribute chains may start a statement
 * (`}\n.width('100%')`, `@Styles function s() { .opacity(1) }`). Every rewrite keeps the length of the text it
 * replaces, so identifiers, calls and member expressions stay where they were; the single exception is a `;`
 * inserted into `Column(){` (no whitespace to reuse), which `toSource()` subtracts again. Newlines are never
 * added or removed, so lines always map one to one.
 *
 * Consumers should know the shapes that result: a struct is a `ClassDeclaration`; `Column() { … }` is a call
 * statement followed by a block statement; an attribute chain whose `.` was blanked (`}\n.width(1)`, the first
 * line of an @Styles/@Extend body) starts with a call of a bare identifier (`width(1)`) that is not a global;
 * decorators on functions are gone; an inline stateStyles block `{ .a() }` is a parenthesised `( a() )`.
 *
 * The rewrite works on tokens (strings, templates with nested `${}`, comments and regexes are skipped as a
 * whole), in two linear passes with no per-token objects: a tokenizer filling parallel number arrays, then a walk
 * that tracks which kind of `{` encloses each token (statement block, class body, object/type literal,
 * component child block). Text it cannot make sense of is passed through unchanged; it never throws.
 */

export interface EtsPreprocessed {
  code: string;
  /** Map a babel location in `code` (1-based line, 0-based column) back to the .ets source. */
  toSource(line: number, column: number): { line: number; column: number };
}

// Token types. Single-character punctuators use their char code (all < 128).
const T_IDENT = 1000; // identifiers, keywords and #private names
const T_NUM = 1001;
const T_STR = 1002;
const T_TPL_FULL = 1003; // `…` without substitutions
const T_TPL_HEAD = 1004; // `…${
const T_TPL_MID = 1005; // }…${
const T_TPL_TAIL = 1006; // }…`
const T_REGEX = 1007;
const T_ARROW = 1008; // =>
const T_ELLIPSIS = 1009; // ...
const T_QDOT = 1010; // ?.
const T_OP = 1011; // other multi-character operators (==, &&, ??, +=, **, …)
const T_INCDEC = 1012; // ++ --

const C_LPAREN = 40;
const C_RPAREN = 41;
const C_STAR = 42;
const C_DOT = 46;
const C_SLASH = 47;
const C_SEMI = 59;
const C_LT = 60;
const C_EQ = 61;
const C_GT = 62;
const C_QUESTION = 63;
const C_AT = 64;
const C_LBRACKET = 91;
const C_BACKSLASH = 92;
const C_RBRACKET = 93;
const C_BACKTICK = 96;
const C_LBRACE = 123;
const C_RBRACE = 125;

// Kinds of `{` (and of the frame it opens).
const K_BLOCK = 1; // statement block or function body
const K_CLASS = 2; // class / struct body
const K_OBJECT = 3; // object literal, type literal, interface/enum body, destructuring pattern
const K_COMPONENT = 4; // child block of an ArkUI component call: a statement block
const K_STYLE_OBJECT = 5; // `{ .attr() }` inside stateStyles({...}): rewritten to `( attr() )`
const K_PAREN = 6; // (, [ and ${ frames: expression context

/** Words after which `/` starts a regex rather than a division. */
const REGEX_AFTER_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

/** Words after which `{` opens an object/type literal or a binding pattern rather than a block. */
const OBJECT_AFTER_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'throw', 'case', 'yield', 'await', 'as', 'satisfies',
  'keyof', 'default', 'extends', 'const', 'let', 'var', 'import', 'export', 'type', 'is', 'infer',
]);

/** Words that can precede `(…) {` without the `(…)` being a component call. */
const NOT_A_COMPONENT = new Set([
  'if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return', 'typeof', 'void', 'await', 'yield', 'new',
  'super', 'import', 'delete', 'throw', 'case', 'in', 'of', 'instanceof', 'do', 'else', 'try', 'finally', 'extends',
  'implements',
]);

/** Words allowed between class decorators and `class`/`struct` (babel accepts `@d export default abstract class`). */
const CLASS_DECORATOR_MODIFIERS = new Set(['export', 'default', 'abstract']);

function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isWhitespace(c: number): boolean {
  return (
    c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function isIdentStart(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c === C_BACKSLASH;
  return !isWhitespace(c) && !isLineTerminator(c);
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface Tokens {
  type: number[];
  start: number[];
  end: number[];
  /** Index of the matching bracket token (also links `${` … `}` template pieces), or -1. */
  match: number[];
}

function tokenize(src: string): Tokens {
  const type: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const match: number[] = [];
  // Open brackets: token indices of (, [, { and template pieces ending in `${`.
  const open: number[] = [];
  const n = src.length;
  let pos = 0;

  // Hashbang.
  if (src.charCodeAt(0) === 35 && src.charCodeAt(1) === 33) {
    while (pos < n && !isLineTerminator(src.charCodeAt(pos))) pos++;
  }

  const push = (t: number, s: number, e: number): number => {
    type.push(t);
    start.push(s);
    end.push(e);
    match.push(-1);
    return type.length - 1;
  };

  const regexAllowed = (): boolean => {
    const last = type.length - 1;
    if (last < 0) return true;
    const t = type[last];
    if (t === T_IDENT) return REGEX_AFTER_WORDS.has(src.slice(start[last], end[last]));
    if (t === T_NUM || t === T_STR || t === T_TPL_FULL || t === T_TPL_TAIL || t === T_REGEX || t === T_INCDEC) {
      return false;
    }
    return t !== C_RPAREN && t !== C_RBRACKET;
  };

  // How many openers of each class are in `open` (0: `(`, 1: `[`, 2: `{` or `${`), so a stray closer with
  // nothing to close is rejected without scanning the whole stack (keeps broken input linear).
  const openCount = [0, 0, 0];
  const openClass = (t: number): number => (t === C_LPAREN ? 0 : t === C_LBRACKET ? 1 : 2);
  const pushOpen = (i: number): void => {
    open.push(i);
    openCount[openClass(type[i])]++;
  };
  const popOpenTo = (k: number): void => {
    for (let m = open.length - 1; m >= k; m--) openCount[openClass(type[open[m]])]--;
    open.length = k;
  };

  /** Pop `open` down to the opener this closer closes and link both; unclosed openers above it stay unmatched. */
  const close = (closer: number, openType: number): void => {
    const cls = openClass(openType);
    if (openCount[cls] === 0) return;
    for (let k = open.length - 1; k >= 0; k--) {
      const o = open[k];
      if (openClass(type[o]) === cls) {
        popOpenTo(k);
        match[o] = closer;
        match[closer] = o;
        return;
      }
    }
  };

  /** Scan template text starting just after ` or }; returns the end position and whether it stopped at `${`. */
  let templateEndsInSubstitution = false;
  const scanTemplate = (p: number): number => {
    while (p < n) {
      const c = src.charCodeAt(p);
      if (c === C_BACKSLASH) {
        p += 2;
      } else if (c === C_BACKTICK) {
        templateEndsInSubstitution = false;
        return p + 1;
      } else if (c === 36 && src.charCodeAt(p + 1) === C_LBRACE) {
        templateEndsInSubstitution = true;
        return p + 2;
      } else {
        p++;
      }
    }
    templateEndsInSubstitution = false;
    return n;
  };

  while (pos < n) {
    const c = src.charCodeAt(pos);
    if (isWhitespace(c) || isLineTerminator(c)) {
      pos++;
      continue;
    }
    const s = pos;
    if (c === C_SLASH) {
      const c2 = src.charCodeAt(pos + 1);
      if (c2 === C_SLASH) {
        pos += 2;
        while (pos < n && !isLineTerminator(src.charCodeAt(pos))) pos++;
        continue;
      }
      if (c2 === C_STAR) {
        const e = src.indexOf('*/', pos + 2);
        pos = e < 0 ? n : e + 2;
        continue;
      }
      if (regexAllowed()) {
        let p = pos + 1;
        let inClass = false;
        let ok = false;
        while (p < n) {
          const r = src.charCodeAt(p);
          if (isLineTerminator(r)) break;
          if (r === C_BACKSLASH) {
            p += 2;
            continue;
          }
          if (r === C_LBRACKET) inClass = true;
          else if (r === C_RBRACKET) inClass = false;
          else if (r === C_SLASH && !inClass) {
            ok = true;
            p++;
            break;
          }
          p++;
        }
        if (ok) {
          while (p < n && isIdentPart(src.charCodeAt(p))) p++;
          push(T_REGEX, s, p);
          pos = p;
          continue;
        }
      }
      if (c2 === C_EQ) {
        push(T_OP, s, pos + 2);
        pos += 2;
      } else {
        push(C_SLASH, s, ++pos);
      }
      continue;
    }
    if (isIdentStart(c) || (c === 35 && isIdentStart(src.charCodeAt(pos + 1)))) {
      pos++;
      while (pos < n && isIdentPart(src.charCodeAt(pos))) pos++;
      push(T_IDENT, s, pos);
      continue;
    }
    if (isDigit(c) || (c === C_DOT && isDigit(src.charCodeAt(pos + 1)))) {
      const radix = c === 48 && /[xXbBoO]/.test(src.charAt(pos + 1));
      pos++;
      while (pos < n) {
        const d = src.charCodeAt(pos);
        if (isIdentPart(d) || d === C_DOT) {
          pos++;
        } else if ((d === 43 || d === 45) && !radix && (src.charCodeAt(pos - 1) | 32) === 101) {
          pos++; // exponent sign: 1e-5
        } else {
          break;
        }
      }
      push(T_NUM, s, pos);
      continue;
    }
    if (c === 39 || c === 34) {
      pos++;
      while (pos < n) {
        const d = src.charCodeAt(pos);
        if (d === c) {
          pos++;
          break;
        }
        if (d === C_BACKSLASH) {
          pos += src.charCodeAt(pos + 1) === 13 && src.charCodeAt(pos + 2) === 10 ? 3 : 2;
          continue;
        }
        if (d === 10 || d === 13) break; // unterminated: stop at the line end
        pos++;
      }
      if (pos > n) pos = n;
      push(T_STR, s, pos);
      continue;
    }
    if (c === C_BACKTICK) {
      pos = scanTemplate(pos + 1);
      const i = push(templateEndsInSubstitution ? T_TPL_HEAD : T_TPL_FULL, s, pos);
      if (templateEndsInSubstitution) pushOpen(i);
      continue;
    }
    if (c === C_RBRACE) {
      const top = open.length > 0 ? open[open.length - 1] : -1;
      if (top >= 0 && (type[top] === T_TPL_HEAD || type[top] === T_TPL_MID)) {
        pos = scanTemplate(pos + 1);
        const i = push(templateEndsInSubstitution ? T_TPL_MID : T_TPL_TAIL, s, pos);
        popOpenTo(open.length - 1);
        // Template pieces link forwards only (a middle piece both closes and opens); the walk pops them by type.
        match[top] = i;
        if (templateEndsInSubstitution) pushOpen(i);
        continue;
      }
      close(push(C_RBRACE, s, ++pos), C_LBRACE);
      continue;
    }
    if (c === C_LPAREN || c === C_LBRACKET || c === C_LBRACE) {
      pushOpen(push(c, s, ++pos));
      continue;
    }
    if (c === C_RPAREN) {
      close(push(c, s, ++pos), C_LPAREN);
      continue;
    }
    if (c === C_RBRACKET) {
      close(push(c, s, ++pos), C_LBRACKET);
      continue;
    }
    const c2 = src.charCodeAt(pos + 1);
    switch (c) {
      case C_EQ:
        if (c2 === C_GT) {
          push(T_ARROW, s, (pos += 2));
        } else if (c2 === C_EQ) {
          pos += src.charCodeAt(pos + 2) === C_EQ ? 3 : 2;
          push(T_OP, s, pos);
        } else {
          push(C_EQ, s, ++pos);
        }
        continue;
      case C_DOT:
        if (c2 === C_DOT && src.charCodeAt(pos + 2) === C_DOT) push(T_ELLIPSIS, s, (pos += 3));
        else push(C_DOT, s, ++pos);
        continue;
      case C_QUESTION:
        if (c2 === C_DOT && !isDigit(src.charCodeAt(pos + 2))) {
          push(T_QDOT, s, (pos += 2));
        } else if (c2 === C_QUESTION) {
          pos += src.charCodeAt(pos + 2) === C_EQ ? 3 : 2;
          push(T_OP, s, pos);
        } else {
          push(C_QUESTION, s, ++pos);
        }
        continue;
      case 43: // +
      case 45: // -
        if (c2 === c) push(T_INCDEC, s, (pos += 2));
        else if (c2 === C_EQ) push(T_OP, s, (pos += 2));
        else push(c, s, ++pos);
        continue;
      case 38: // &
      case 124: // |
      case C_STAR:
        if (c2 === c) {
          pos += src.charCodeAt(pos + 2) === C_EQ ? 3 : 2;
          push(T_OP, s, pos);
        } else if (c2 === C_EQ) {
          push(T_OP, s, (pos += 2));
        } else {
          push(c, s, ++pos);
        }
        continue;
      case 33: // !
        if (c2 === C_EQ) {
          pos += src.charCodeAt(pos + 2) === C_EQ ? 3 : 2;
          push(T_OP, s, pos);
        } else {
          push(c, s, ++pos);
        }
        continue;
      case 37: // %
      case 94: // ^
        if (c2 === C_EQ) push(T_OP, s, (pos += 2));
        else push(c, s, ++pos);
        continue;
      default:
        // < > : ; , @ ~ # and anything unexpected: one character each (`>>` stays two `>` tokens on purpose).
        push(c < 128 ? c : T_OP, s, ++pos);
    }
  }
  return { type, start, end, match };
}

const identity = (line: number, column: number): { line: number; column: number } => ({ line, column });

export function preprocessEts(source: string): EtsPreprocessed {
  try {
    return rewrite(source);
  } catch {
    return { code: source, toSource: identity };
  }
}

function rewrite(src: string): EtsPreprocessed {
  const { type, start, end, match } = tokenize(src);
  const count = type.length;
  const braceKind = new Uint8Array(count);

  // Edits, in increasing source order: replace src[editStart, editEnd) with editText.
  const editStart: number[] = [];
  const editEnd: number[] = [];
  const editText: string[] = [];
  // Source offsets where a `;` is inserted.
  const insertions: number[] = [];

  const edit = (s: number, e: number, text: string): void => {
    editStart.push(s);
    editEnd.push(e);
    editText.push(text);
  };
  const isWord = (i: number, word: string): boolean =>
    i >= 0 && i < count && type[i] === T_IDENT && end[i] - start[i] === word.length && src.startsWith(word, start[i]);
  const wordAt = (i: number): string => src.slice(start[i], end[i]);
  const typeAt = (i: number): number => (i >= 0 && i < count ? type[i] : -1);

  // Open frames: token indices of (, [, { and template pieces ending in `${`.
  const stack: number[] = [];
  const frameKind = (): number => {
    if (stack.length === 0) return K_BLOCK;
    const o = stack[stack.length - 1];
    return type[o] === C_LBRACE ? braceKind[o] : K_PAREN;
  };
  const popTo = (closer: number): number => {
    const o = match[closer];
    if (o < 0) return -1;
    // Openers after `o` were left unclosed by the tokenizer: pop them too. Each is popped once (linear).
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k] === o) {
        stack.length = k;
        return o;
      }
      if (stack[k] < o) {
        stack.length = k + 1;
        return -1;
      }
    }
    stack.length = 0;
    return -1;
  };
  const popTemplatePiece = (): void => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const t = type[stack[k]];
      if (t === T_TPL_HEAD || t === T_TPL_MID) {
        stack.length = k;
        return;
      }
    }
  };

  // A class/struct/interface/enum header waiting for its `{`, at this stack depth.
  let pendingKind = 0;
  let pendingDepth = 0;
  let pendingAngles = 0;

  let prev = -1; // previous token that is still code after our edits
  let keptDecoratorsEnd = -1; // end of a decorator sequence already checked and kept (class decorators)
  let closedComponent = -1; // the `}` token that closed the latest component child block

  const classifyBrace = (): number => {
    if (prev < 0) return K_BLOCK;
    const t = type[prev];
    switch (t) {
      case C_RPAREN:
      case C_SEMI:
      case C_LBRACE:
      case C_RBRACE:
      case T_ARROW:
      case C_RBRACKET: // `): string[] {`
      case C_GT: // `): Promise<void> {`
      case T_NUM:
      case T_STR: // `declare module 'x' {`, `): 'a' | 'b' {`
      case T_TPL_FULL:
        return K_BLOCK;
      case T_IDENT:
        return OBJECT_AFTER_WORDS.has(wordAt(prev)) ? K_OBJECT : K_BLOCK;
      default:
        return K_OBJECT; // = ( , [ : ? operators ${ …
    }
  };

  /** `Name(args) {` in statement context is an ArkUI component with a child block: end the call statement. */
  const checkComponentCall = (close: number): void => {
    const lbrace = close + 1;
    const open = match[close];
    if (open < 1 || type[lbrace] !== C_LBRACE) return;
    const kind = frameKind();
    if (kind !== K_BLOCK && kind !== K_COMPONENT) return;
    // `class A extends Mixin(Base) {`: the `{` is the class body.
    if (pendingKind !== 0 && stack.length === pendingDepth) return;
    const callee = open - 1;
    if (type[callee] !== T_IDENT || NOT_A_COMPONENT.has(wordAt(callee))) return;
    if (isWord(callee - 1, 'function') || typeAt(callee - 1) === C_STAR) return;
    braceKind[lbrace] = K_COMPONENT;

    // Reuse a space or tab between `)` and `{` (outside comments) for the `;`. A line break there already ends
    // the statement (ASI); otherwise insert one.
    let p = end[close];
    const gapEnd = start[lbrace];
    let sawLineBreak = false;
    while (p < gapEnd) {
      const c = src.charCodeAt(p);
      if (c === C_SLASH && src.charCodeAt(p + 1) === C_STAR) {
        const e = src.indexOf('*/', p + 2);
        const stop = e < 0 || e + 2 > gapEnd ? gapEnd : e + 2;
        for (let q = p; q < stop; q++) if (isLineTerminator(src.charCodeAt(q))) sawLineBreak = true;
        p = stop;
      } else if (c === C_SLASH && src.charCodeAt(p + 1) === C_SLASH) {
        while (p < gapEnd && !isLineTerminator(src.charCodeAt(p))) p++;
      } else if (isLineTerminator(c)) {
        sawLineBreak = true;
        p++;
      } else if (c === 32 || c === 9) {
        edit(p, p + 1, ';');
        return;
      } else {
        p++;
      }
    }
    if (!sawLineBreak) {
      edit(end[close], end[close], ';');
      insertions.push(end[close]);
    }
  };

  /**
   * Decorators in statement context that babel would reject (on functions, after `export`, …) are blanked.
   * Returns the index of the first token after them when blanked, else `at` (process them as ordinary tokens).
   */
  const handleDecorators = (at: number): number => {
    let j = at;
    while (type[j] === C_AT) {
      // A malformed run (`@` without a name, unclosed arguments) is left as it is, and not scanned again.
      if (type[j + 1] !== T_IDENT) {
        keptDecoratorsEnd = j + 1;
        return at;
      }
      j += 2;
      while (type[j] === C_DOT && type[j + 1] === T_IDENT) j += 2;
      if (type[j] === C_LPAREN) {
        if (match[j] < j) {
          keptDecoratorsEnd = j;
          return at;
        }
        j = match[j] + 1;
      }
    }
    let k = j;
    while (k < count && type[k] === T_IDENT && CLASS_DECORATOR_MODIFIERS.has(wordAt(k))) k++;
    const decoratesClass = isWord(k, 'class') || (isWord(k, 'struct') && typeAt(k + 1) === T_IDENT);
    if (decoratesClass && !isWord(prev, 'export') && !isWord(prev, 'default')) {
      keptDecoratorsEnd = j;
      return at;
    }
    const s = start[at];
    const e = end[j - 1];
    let blank = '';
    for (let p = s; p < e; p++) {
      const c = src.charCodeAt(p);
      blank += isLineTerminator(c) ? src[p] : ' ';
    }
    edit(s, e, blank);
    return j;
  };

  for (let i = 0; i < count; i++) {
    const t = type[i];
    switch (t) {
      case C_LBRACE: {
        if (braceKind[i] === 0) {
          if (pendingKind !== 0 && stack.length === pendingDepth && pendingAngles <= 0) {
            braceKind[i] = pendingKind;
            pendingKind = 0;
          } else {
            braceKind[i] = classifyBrace();
          }
        }
        stack.push(i);
        break;
      }
      case C_RBRACE: {
        const o = popTo(i);
        if (o >= 0) {
          if (braceKind[o] === K_COMPONENT) closedComponent = i;
          else if (braceKind[o] === K_STYLE_OBJECT) edit(start[i], end[i], ')');
        }
        break;
      }
      case C_LPAREN:
      case C_LBRACKET:
      case T_TPL_HEAD:
        stack.push(i);
        break;
      case T_TPL_MID:
        popTemplatePiece();
        stack.push(i);
        break;
      case T_TPL_TAIL:
        popTemplatePiece();
        break;
      case C_RBRACKET:
        popTo(i);
        break;
      case C_RPAREN:
        popTo(i);
        checkComponentCall(i);
        break;
      case C_SEMI:
        if (pendingKind !== 0 && stack.length === pendingDepth) pendingKind = 0;
        break;
      case C_LT:
      case C_GT:
        if (pendingKind !== 0 && stack.length === pendingDepth) pendingAngles += t === C_LT ? 1 : -1;
        break;
      case C_DOT: {
        // An attribute chain starting a statement: after a component child block, or first in an
        // @Styles/@Extend body (`{ .fontSize(12) }`). A `.` can never follow `{` or `;` in TypeScript.
        const pt = typeAt(prev);
        if (pt === -1 || pt === C_SEMI || pt === C_LBRACE || (pt === C_RBRACE && prev === closedComponent)) {
          if (pt === C_LBRACE && braceKind[prev] === K_OBJECT) {
            // stateStyles({ pressed: { .backgroundColor(…) } }): make the literal a parenthesised expression.
            braceKind[prev] = K_STYLE_OBJECT;
            edit(start[prev], end[prev], '(');
          }
          edit(start[i], end[i], ' ');
          continue; // the `.` is gone: `prev` stays
        }
        break;
      }
      case C_AT: {
        const kind = frameKind();
        if (i >= keptDecoratorsEnd && (kind === K_BLOCK || kind === K_COMPONENT)) {
          const next = handleDecorators(i);
          if (next !== i) {
            i = next - 1;
            continue; // blanked: `prev` stays
          }
        }
        break;
      }
      case T_IDENT: {
        const pt = typeAt(prev);
        if (pt === C_DOT || pt === T_QDOT) break;
        if (isWord(i, 'struct')) {
          const nt = typeAt(i + 2);
          if (typeAt(i + 1) === T_IDENT && (nt === C_LBRACE || nt === C_LT)) {
            edit(start[i], end[i], 'class ');
            pendingKind = K_CLASS;
            pendingDepth = stack.length;
            pendingAngles = 0;
          }
        } else if (isWord(i, 'class')) {
          const nt = typeAt(i + 1);
          if (nt === T_IDENT || nt === C_LBRACE) {
            pendingKind = K_CLASS;
            pendingDepth = stack.length;
            pendingAngles = 0;
          }
        } else if (isWord(i, 'interface') || isWord(i, 'enum')) {
          if (typeAt(i + 1) === T_IDENT) {
            pendingKind = K_OBJECT;
            pendingDepth = stack.length;
            pendingAngles = 0;
          }
        }
        break;
      }
      default:
        break;
    }
    prev = i;
  }

  if (editStart.length === 0) return { code: src, toSource: identity };
  return { code: applyEdits(src, editStart, editEnd, editText), toSource: makeToSource(src, insertions) };
}

function applyEdits(src: string, editStart: number[], editEnd: number[], editText: string[]): string {
  let order: number[] | undefined;
  for (let k = 1; k < editStart.length; k++) {
    if (editStart[k] < editStart[k - 1]) {
      order = editStart.map((_, idx) => idx).sort((a, b) => editStart[a] - editStart[b]);
      break;
    }
  }
  const parts: string[] = [];
  let pos = 0;
  for (let k = 0; k < editStart.length; k++) {
    const idx = order ? order[k] : k;
    const s = editStart[idx];
    if (s < pos) continue; // overlapping edit: keep the first one
    parts.push(src.slice(pos, s), editText[idx]);
    pos = editEnd[idx];
  }
  parts.push(src.slice(pos));
  return parts.join('');
}

/** Lines never change; columns on a line shift by one after each `;` inserted earlier on that line. */
function makeToSource(src: string, insertions: number[]): EtsPreprocessed['toSource'] {
  if (insertions.length === 0) return identity;
  const insLine: number[] = [];
  const insOutColumn: number[] = [];
  let line = 1;
  let lineStart = 0;
  let earlierOnLine = 0;
  let p = 0;
  for (const offset of insertions) {
    // Babel's line breaks: \n, \r\n, \r, U+2028, U+2029.
    for (; p < offset; p++) {
      const c = src.charCodeAt(p);
      if (c === 13 && src.charCodeAt(p + 1) === 10) continue;
      if (isLineTerminator(c)) {
        line++;
        lineStart = p + 1;
        earlierOnLine = 0;
      }
    }
    insLine.push(line);
    insOutColumn.push(offset - lineStart + earlierOnLine);
    earlierOnLine++;
  }
  /** Index of the first insertion sorting at or after (l, column). */
  const lowerBound = (l: number, column: number): number => {
    let lo = 0;
    let hi = insLine.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (insLine[mid] < l || (insLine[mid] === l && insOutColumn[mid] < column)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (l: number, column: number) => ({ line: l, column: column - (lowerBound(l, column) - lowerBound(l, 0)) });
}
