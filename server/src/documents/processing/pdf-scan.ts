import { AppError, type DocumentFlag } from '@oac/shared';
import { damaged, type ByteSource } from './byte-source';
import { InflateBudget, Inflater } from './inflate';
import { PdfLexer, type LexSink } from './pdf-lexer';

export interface PdfLimits {
  maxPages: number;
  maxInflatedBytes: number;
}

export interface PdfScan {
  pages: number;
  flags: DocumentFlag[];
}

const FLAG_OF: Record<string, DocumentFlag> = {
  JS: 'javascript',
  JavaScript: 'javascript',
  EmbeddedFile: 'embedded_file',
  EmbeddedFiles: 'embedded_file',
  FileAttachment: 'embedded_file',
};

const ENDSTREAM = Buffer.from('endstream');
/** What a stream's data may end with that could still be the start of `\r\nendstream`. */
const HOLD_BACK = ENDSTREAM.length + 1;
const INTEGER = /^\d+$/;
/** How many xref offsets are remembered to check `startxref` against; a file with more is not checked. */
const MAX_XREFS = 100_000;

/** What one dictionary says that the scan needs, read token by token. */
class ObjectState {
  type: string | null = null;
  filter: string | null = null;
  length: number | null = null;
  /** The key whose value comes next, and how far into an indirect `/Length n g R` we are. */
  expect: 'Type' | 'Filter' | 'Length' | 'Length2' | 'Length3' | null = null;
}

/** What the tokens of one file add up to, across its object streams. */
interface Tally {
  pages: Set<string>;
  loosePages: number;
  flags: Set<DocumentFlag>;
  xrefs: Set<number>;
  startxref: number | null;
  lastEof: number;
  maxPages: number;
}

interface Int {
  value: string;
  at: number;
}

/**
 * Counts pages and finds active content in PDF tokens, whether they come from the file itself or
 * from an object stream's inflated content (`topLevel` false). A page is `/Type /Page`; at the top
 * level each object counts once, so that incremental updates that rewrite a page do not add it twice.
 */
class PdfFacts implements LexSink {
  obj = new ObjectState();
  /** The last two integers: `n g obj` starts object n where n began. */
  private ints: Int[] = [];
  private currentObj: string | null = null;
  private currentObjAt = -1;
  private expectStartxref = false;

  constructor(
    private readonly tally: Tally,
    private readonly topLevel: boolean,
  ) {}

  name(n: string): void {
    const flag = FLAG_OF[n];
    if (flag) this.tally.flags.add(flag);
    const o = this.obj;
    if (o.expect === 'Type') {
      o.type = n;
      if (n === 'Page') this.addPage();
      if (n === 'XRef' && this.currentObjAt >= 0) this.remember(this.currentObjAt);
    } else if (o.expect === 'Filter') o.filter ??= n;
    o.expect = n === 'Type' || n === 'Filter' || n === 'Length' ? n : null;
    this.ints = [];
  }

  word(w: string, at: number): boolean {
    const o = this.obj;
    const int = INTEGER.test(w);
    if (o.expect === 'Length') {
      o.length = int ? Number(w) : null;
      o.expect = int ? 'Length2' : null;
    } else if (o.expect === 'Length2') o.expect = int ? 'Length3' : null;
    else if (o.expect === 'Length3') {
      // `n g R`: the length is another object's, which a streaming scan cannot look up.
      o.length = null;
      o.expect = null;
    } else o.expect = null;
    if (this.expectStartxref) {
      this.expectStartxref = false;
      if (int) this.tally.startxref = Number(w);
    }
    if (int) {
      this.ints = [...this.ints.slice(-1), { value: w, at }];
      return false;
    }
    const [num, gen] = this.ints.length === 2 ? this.ints : [];
    this.ints = [];
    return this.topLevel && this.keyword(w, at, num, gen);
  }

  private keyword(w: string, at: number, num: Int | undefined, gen: Int | undefined): boolean {
    switch (w) {
      case 'obj':
        this.obj = new ObjectState();
        this.currentObj = num && gen ? `${num.value} ${gen.value}` : null;
        this.currentObjAt = num ? num.at : -1;
        return false;
      case 'endobj':
        this.obj = new ObjectState();
        this.currentObj = null;
        this.currentObjAt = -1;
        return false;
      case 'xref':
        this.remember(at);
        return false;
      case 'startxref':
        this.expectStartxref = true;
        return false;
      default:
        return w === 'stream';
    }
  }

  punct(p: string): void {
    const o = this.obj;
    if (!(p === '[' && o.expect === 'Filter')) o.expect = null;
    this.ints = [];
  }

  eofMarker(at: number): void {
    this.tally.lastEof = at;
  }

  /** A stream's data is over: what follows belongs to no dictionary yet. */
  endStream(): void {
    this.obj = new ObjectState();
  }

  private remember(at: number): void {
    if (this.tally.xrefs.size < MAX_XREFS) this.tally.xrefs.add(at);
  }

  private addPage(): void {
    const t = this.tally;
    if (this.topLevel && this.currentObj !== null) t.pages.add(this.currentObj);
    else t.loosePages++;
    if (t.pages.size + t.loosePages > t.maxPages) {
      throw new AppError('document_too_many_pages', `The document has more than ${t.maxPages} pages.`, { maxPages: t.maxPages });
    }
  }
}

interface StreamData {
  sink: { write(piece: Uint8Array): Promise<void>; end(): Promise<void> };
  /** Bytes still to come when the dictionary gave a direct /Length; null: up to `endstream`. */
  left: number | null;
  /** Held back from the last piece in case it is the start of `endstream`. */
  carry: Buffer;
  /** The `stream` keyword's CR was the last byte of a piece: a LF may still follow. */
  afterCr: boolean;
  started: boolean;
}

const NOWHERE = { write: () => Promise.resolve(), end: () => Promise.resolve() };

/**
 * Scans a PDF as it streams by, in bounded memory: the page count (refused past the cap, at the
 * first page too many), every FlateDecode stream inflated and counted against one budget (refused
 * the moment it is spent), JavaScript and embedded files found by their names, in object streams
 * too, and the ending checked (`startxref` pointing at an xref, then `%%EOF`), so that a cut file
 * is refused as damaged. Nothing here builds the document: the full parse comes later, under its
 * own size cap, for the files that pass.
 */
export async function scanPdf(source: ByteSource, limits: PdfLimits): Promise<PdfScan> {
  const tally: Tally = {
    pages: new Set(),
    loosePages: 0,
    flags: new Set(),
    xrefs: new Set(),
    startxref: null,
    lastEof: -1,
    maxPages: limits.maxPages,
  };
  const budget = new InflateBudget(limits.maxInflatedBytes);
  const facts = new PdfFacts(tally, true);
  const lexer = new PdfLexer(facts);
  let stream: StreamData | null = null;

  const openStream = (): StreamData => {
    const o = facts.obj;
    const flate = o.filter === 'FlateDecode' || o.filter === 'Fl';
    const objStm = o.type === 'ObjStm';
    let sink: StreamData['sink'] = NOWHERE;
    if (objStm && !flate && o.filter !== null) throw damaged(`an object stream is encoded with ${o.filter}, which the check cannot read`);
    if (objStm) {
      // Objects inside an object stream are PDF syntax too: lex them with the same rules.
      const inner = new PdfLexer(new PdfFacts(tally, false));
      let at = 0;
      const lex = (slice: Uint8Array) => {
        inner.feed(slice, at);
        at += slice.length;
      };
      sink = flate
        ? withFinish(new Inflater((n) => budget.take(n), lex, 'refuse'), () => inner.finish())
        : { write: (p) => Promise.resolve(lex(p)), end: () => Promise.resolve(inner.finish()) };
    } else if (flate) sink = new Inflater((n) => budget.take(n), null, 'ignore');
    return { sink, left: o.length, carry: Buffer.alloc(0), afterCr: false, started: false };
  };

  for await (const piece of source.rest()) {
    let buf = piece;
    let base = source.position - piece.length;
    let i = 0;
    while (i < buf.length) {
      if (!stream) {
        const stop = lexer.feed(buf, base, i);
        if (stop >= buf.length) break;
        stream = openStream();
        i = stop;
        continue;
      }
      // The EOL after `stream`: CRLF or LF (a lone CR too, as readers allow).
      if (!stream.started) {
        if (stream.afterCr) {
          stream.afterCr = false;
          stream.started = true;
          if (buf[i] === 0x0a) i++;
          continue;
        }
        if (buf[i] === 0x0d) {
          stream.afterCr = true;
          i++;
          continue;
        }
        if (buf[i] === 0x0a) i++;
        stream.started = true;
        continue;
      }
      if (stream.left !== null) {
        const n = Math.min(stream.left, buf.length - i);
        await stream.sink.write(buf.subarray(i, i + n));
        stream.left -= n;
        i += n;
        if (stream.left === 0) {
          await stream.sink.end();
          stream = null;
          facts.endStream();
        }
        continue;
      }
      // No usable /Length: the data runs to `endstream`, which may be split across pieces.
      const data: Buffer = stream.carry.length ? Buffer.concat([stream.carry, buf.subarray(i)]) : buf.subarray(i);
      base += i - stream.carry.length;
      const end = data.indexOf(ENDSTREAM);
      if (end < 0) {
        const keep = Math.min(HOLD_BACK, data.length);
        await stream.sink.write(data.subarray(0, data.length - keep));
        stream.carry = Buffer.from(data.subarray(data.length - keep));
        break;
      }
      let dataEnd = end;
      if (data[dataEnd - 1] === 0x0a) dataEnd--;
      if (data[dataEnd - 1] === 0x0d) dataEnd--;
      await stream.sink.write(data.subarray(0, dataEnd));
      await stream.sink.end();
      stream = null;
      facts.endStream();
      // Go on lexing from `endstream` itself, in the joined buffer.
      buf = data;
      i = end;
    }
  }
  lexer.finish();
  if (stream) throw damaged('it ends inside a stream');
  const size = source.position;
  checkEnding(tally, size);
  return { pages: tally.pages.size + tally.loosePages, flags: [...tally.flags].sort() };
}

function withFinish(inflater: Inflater, finish: () => void): StreamData['sink'] {
  return {
    write: (p) => inflater.write(p),
    end: async () => {
      await inflater.end();
      finish();
    },
  };
}

/**
 * A reader starts from the end: `startxref`, the offset of the last cross-reference section, then
 * `%%EOF`. A file cut anywhere loses them, so their absence means it is incomplete.
 */
function checkEnding(tally: Tally, size: number): void {
  if (tally.startxref === null) throw damaged('it has no startxref (it may have been cut short)');
  if (tally.lastEof < 0) throw damaged('it has no %%EOF marker (it may have been cut short)');
  const at = tally.startxref;
  if (at >= size) throw damaged('its startxref points past its end');
  if (tally.xrefs.size >= MAX_XREFS) return;
  // Some writers point at the whitespace before `xref`; a few bytes of slack accept them.
  for (let d = 0; d <= 8; d++) if (tally.xrefs.has(at + d)) return;
  throw damaged('its startxref does not point at a cross-reference section');
}
