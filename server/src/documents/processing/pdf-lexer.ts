/**
 * A PDF tokenizer that takes the file in pieces of any size: every token may be split across two
 * pieces, and its state carries over. It skips strings and comments (so a title that says
 * "/JavaScript" is not a name), decodes `#xx` in names (so `/J#53` is `/JS`), and reports names,
 * words (keywords and numbers), the structural punctuation, and `%%EOF` markers.
 */
export interface LexSink {
  name(name: string): void;
  /** A keyword or number starting at file offset `at`; return true to stop the lexer right after it. */
  word(word: string, at: number): boolean;
  punct(p: '[' | ']' | '<<' | '>>' | '{' | '}' | 'string'): void;
  eofMarker(at: number): void;
}

const enum S {
  Normal,
  Comment,
  Name,
  Word,
  Literal,
  Hex,
  AfterLt,
  AfterGt,
}

// PDF's whitespace: NUL, TAB, LF, FF, CR, SP. Delimiters: ( ) < > [ ] { } / %.
const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

/** Names longer than this are invalid PDF (the limit is 127); the rest of one is read and dropped. */
const MAX_TOKEN = 128;

const hexValue = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;

export class PdfLexer {
  private state = S.Normal;
  private token: number[] = [];
  private tokenAt = 0;
  private depth = 0;
  private escaped = false;
  /** A `#` seen in a name, and the first hex digit after it (-1: none yet). */
  private hash = false;
  private hashHigh = -1;

  constructor(private readonly sink: LexSink) {}

  /**
   * Lexes `buf[from…]`, whose first byte is at file offset `base + from`. Returns where it stopped:
   * `buf.length`, or the index just after a word for which the sink asked to stop (the delimiter
   * that ended it is not consumed).
   */
  feed(buf: Uint8Array, base: number, from = 0): number {
    for (let i = from; i < buf.length; i++) {
      const c = buf[i]!;
      switch (this.state) {
        case S.Normal:
          if (WHITE[c]) {
            // Runs of whitespace (an object stream of zeros, say) are most of some files: skip them in one loop.
            while (i + 1 < buf.length && WHITE[buf[i + 1]!]) i++;
            continue;
          }
          this.startToken(c, base + i);
          continue;
        case S.Comment:
          if (c === 10 || c === 13) this.endComment();
          else if (this.token.length < 8) this.token.push(c);
          continue;
        case S.Name:
          if (WHITE[c] || DELIM[c]) {
            this.emitName();
            i--; // the delimiter starts the next token
            continue;
          }
          this.nameByte(c);
          continue;
        case S.Word:
          if (WHITE[c] || DELIM[c]) {
            const word = String.fromCharCode(...this.token);
            this.state = S.Normal;
            if (this.sink.word(word, this.tokenAt)) return i;
            i--;
            continue;
          }
          if (this.token.length < MAX_TOKEN) this.token.push(c);
          continue;
        case S.Literal:
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x28) this.depth++;
          else if (c === 0x29 && --this.depth === 0) {
            this.state = S.Normal;
            this.sink.punct('string');
          }
          continue;
        case S.Hex:
          if (c === 0x3e) {
            this.state = S.Normal;
            this.sink.punct('string');
          }
          continue;
        case S.AfterLt:
          this.state = S.Normal;
          if (c === 0x3c) this.sink.punct('<<');
          else {
            this.state = S.Hex;
            i--;
          }
          continue;
        case S.AfterGt:
          // A lone `>` is a syntax error; readers skip it, and so does this.
          this.state = S.Normal;
          if (c === 0x3e) this.sink.punct('>>');
          else i--;
          continue;
      }
    }
    return buf.length;
  }

  /** Ends the last token at the end of the file. */
  finish(): void {
    if (this.state === S.Name) this.emitName();
    else if (this.state === S.Word) this.sink.word(String.fromCharCode(...this.token), this.tokenAt);
    else if (this.state === S.Comment) this.endComment();
    this.state = S.Normal;
  }

  /** Starts afresh (after a stream's data, which is not PDF syntax). */
  reset(): void {
    this.state = S.Normal;
    this.token = [];
  }

  private startToken(c: number, at: number): void {
    this.token = [];
    this.tokenAt = at;
    switch (c) {
      case 0x25: // %
        this.state = S.Comment;
        return;
      case 0x2f: // /
        this.state = S.Name;
        this.hash = false;
        this.hashHigh = -1;
        return;
      case 0x28: // (
        this.state = S.Literal;
        this.depth = 1;
        this.escaped = false;
        return;
      case 0x3c:
        this.state = S.AfterLt;
        return;
      case 0x3e:
        this.state = S.AfterGt;
        return;
      case 0x5b:
        return this.sink.punct('[');
      case 0x5d:
        return this.sink.punct(']');
      case 0x7b:
        return this.sink.punct('{');
      case 0x7d:
        return this.sink.punct('}');
      case 0x29: // a stray `)`
        return;
      default:
        this.state = S.Word;
        this.token.push(c);
    }
  }

  private nameByte(c: number): void {
    if (this.hash) {
      const v = hexValue(c);
      if (v < 0) {
        // Not an escape after all: keep the `#` and what came after it, as readers do.
        this.push(0x23);
        if (this.hashHigh >= 0) this.push(this.hashDigit);
        this.hash = false;
        this.hashHigh = -1;
        this.push(c);
        return;
      }
      if (this.hashHigh < 0) {
        this.hashHigh = v;
        this.hashDigit = c;
        return;
      }
      this.push((this.hashHigh << 4) | v);
      this.hash = false;
      this.hashHigh = -1;
      return;
    }
    if (c === 0x23) this.hash = true;
    else this.push(c);
  }

  private hashDigit = 0;

  private push(c: number): void {
    if (this.token.length < MAX_TOKEN) this.token.push(c);
  }

  private emitName(): void {
    if (this.hash) {
      this.push(0x23);
      if (this.hashHigh >= 0) this.push(this.hashDigit);
    }
    this.state = S.Normal;
    this.sink.name(String.fromCharCode(...this.token));
  }

  private endComment(): void {
    this.state = S.Normal;
    // The comment's text after its `%`: `%EOF` means the line was `%%EOF`.
    if (this.token.length >= 4 && String.fromCharCode(...this.token.slice(0, 4)) === '%EOF') this.sink.eofMarker(this.tokenAt);
  }
}
