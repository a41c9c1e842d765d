/**
 * Synthetic editor traces for the AI-insertion heuristic and the tracking benchmark: typing, pasting
 * and completion by a person (negatives), and AI tools writing (positives), replayed as the document
 * change events VS Code would report. Seeded, so every run measures the same traces.
 */
import type { RawChange, RawEdit } from '../../../src/core/tracking/aiDetector';

/** Human classes are negatives; the others are AI writing. `inline` is accepting ghost-text suggestions. */
export type TraceClass = 'typing' | 'pasting' | 'completion' | 'agent' | 'streaming' | 'inline';
export const HUMAN_CLASSES: readonly TraceClass[] = ['typing', 'pasting', 'completion'];
export const AI_CLASSES: readonly TraceClass[] = ['agent', 'streaming', 'inline'];

export interface TraceEdit {
  edit: RawEdit;
  origin: 'human' | 'ai';
}

export interface Trace {
  cls: TraceClass;
  edits: TraceEdit[];
}

/** mulberry32: small, fast, good enough for test data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['const', 'return', 'await', 'result', 'items', 'index', 'value', 'request', 'response', 'embedding', 'client', 'config', 'map', 'filter', 'length', 'user', 'score', 'chunk', 'prompt', 'model'];

class Writer {
  readonly edits: TraceEdit[] = [];
  cursor = 40;
  constructor(
    readonly r: () => number,
    public t: number,
  ) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T;
  }
  wait(lo: number, hi: number): void {
    this.t += this.int(lo, hi);
  }
  /** A human inter-key delay: mostly 60–250 ms, sometimes a thinking pause. */
  key(): void {
    this.t += this.r() < 0.03 ? this.int(1_000, 8_000) : 60 + Math.floor(-Math.log(1 - this.r()) * 110);
  }
  codeLine(min = 12, max = 70): string {
    let s = ' '.repeat(2 * this.int(0, 3));
    while (s.length < this.int(min, max)) s += this.pick(WORDS) + this.pick(['.', '(', ' = ', ', ', '); ', ' ']);
    return s;
  }
  block(lines: number): string {
    return Array.from({ length: lines }, () => this.codeLine()).join('\n') + '\n';
  }
  push(changes: RawChange[], origin: 'human' | 'ai', o: Partial<RawEdit> = {}): void {
    this.edits.push({
      origin,
      edit: { at: this.t, changes, cursorLines: [this.cursor], activeDocument: true, undoRedo: false, duringSave: false, ...o },
    });
  }
  at(text: string, rangeLength = 0): RawChange {
    return { startLine: this.cursor, rangeLength, text };
  }

  /** Types a line key by key, with auto-closed brackets, backspaces, word completion and Enter. */
  typeLine(): void {
    const line = this.codeLine(10, 60).trimStart();
    for (let i = 0; i < line.length; i++) {
      this.key();
      const ch = line[i] as string;
      if (this.r() < 0.05) this.push([this.at('', 1)], 'human');
      else if (ch === '(') this.push([this.at('()')], 'human');
      else if (this.r() < 0.04) this.push([this.at(this.pick(WORDS) + this.pick(WORDS), 3)], 'human'); // accept a word completion
      else this.push([this.at(ch)], 'human');
    }
    this.key();
    this.push([this.at('\n' + ' '.repeat(2 * this.int(0, 3)))], 'human');
    this.cursor++;
  }

  /** Editor commands people run while typing: multi-cursor typing, comment toggle, move line held down, save with format. */
  commands(): void {
    const x = this.r();
    if (x < 0.1) {
      const lines = Array.from({ length: this.int(3, 6) }, (_, i) => this.cursor + i);
      for (const ch of this.pick(WORDS)) {
        this.key();
        this.push(lines.map((l) => ({ startLine: l, rangeLength: 0, text: ch })), 'human', { cursorLines: lines });
      }
    } else if (x < 0.2) {
      this.key();
      const n = this.int(1, 8);
      this.push(Array.from({ length: n }, (_, i) => ({ startLine: this.cursor + i, rangeLength: 0, text: '// ' })), 'human');
    } else if (x < 0.3) {
      this.wait(300, 800);
      for (let i = this.int(3, 10); i > 0; i--) {
        const text = this.block(2);
        this.push([{ startLine: this.cursor - 1, rangeLength: text.length, text }], 'human');
        this.cursor--;
        this.t += 33; // key repeat
      }
    } else if (x < 0.4) {
      this.wait(200, 600);
      this.push(Array.from({ length: this.int(1, 6) }, () => ({ startLine: this.int(0, 200), rangeLength: 2, text: this.pick(['  ', '    ', ';\n', '']) })), 'human', { duringSave: true });
    }
  }

  paste(): void {
    this.wait(300, 1_500);
    const lines = this.int(1, 60);
    const text = this.block(lines);
    const repeats = this.r() < 0.15 ? this.int(3, 8) : 1; // Ctrl+V or copy-line held down
    for (let i = 0; i < repeats; i++) {
      this.push([this.at(text)], 'human');
      if (i === 0 && this.r() < 0.5) {
        const t = this.t;
        this.t += this.int(5, 40); // format on paste: indentation, maybe a semicolon
        this.push(Array.from({ length: this.int(1, 6) }, (_, k) => ({ startLine: this.cursor + k, rangeLength: 0, text: this.r() < 0.8 ? '  ' : ';' })), 'human');
        this.t = t;
      }
      this.cursor += lines;
      this.t += i === 0 && repeats > 1 ? 500 : 33;
    }
  }

  complete(): void {
    this.wait(250, 900);
    const lines = this.int(1, 8);
    const text = this.block(lines);
    const importLine = `import { ${this.pick(WORDS)}${this.pick(WORDS)} } from './${this.pick(WORDS)}/${this.pick(WORDS)}';\n`;
    const x = this.r();
    if (x < 0.2) this.push([this.at(text), { startLine: 0, rangeLength: 0, text: importLine }], 'human');
    else this.push([this.at(text)], 'human');
    if (x >= 0.2 && x < 0.4) {
      this.t += this.int(10, 80); // auto-import applied as a second edit
      this.push([{ startLine: 0, rangeLength: 0, text: importLine }], 'human');
    }
    this.cursor += this.int(0, lines);
    if (this.r() < 0.1) {
      this.wait(1_000, 4_000); // a quick fix that inserts a stub elsewhere, or organize imports
      this.push(Array.from({ length: this.int(1, 2) }, () => ({ startLine: this.cursor + this.int(5, 80), rangeLength: this.int(0, 60), text: this.block(this.int(2, 8)) })), 'human');
    }
  }

  agentBurst(): void {
    this.wait(2_000, 20_000); // the person prompts the agent elsewhere
    for (let files = this.int(1, 5); files > 0; files--) {
      const active = this.r() < 0.4;
      const oneEvent = this.r() < 0.3;
      const hunks = Array.from({ length: this.int(1, 5) }, () => ({ startLine: this.int(0, 300), rangeLength: this.int(0, 400), text: this.block(this.int(2, 25)) }));
      if (oneEvent) this.push(hunks, 'ai', { activeDocument: active, cursorLines: active ? [this.cursor] : [] });
      else for (const h of hunks) {
        this.t += this.int(20, 400);
        this.push([h], 'ai', { activeDocument: active, cursorLines: active ? [this.cursor] : [] });
      }
      this.wait(50, 600);
    }
  }

  streamBurst(): void {
    this.wait(2_000, 10_000);
    const anchor = this.cursor;
    for (let i = this.int(8, 40); i > 0; i--) {
      this.t += this.int(30, 150);
      this.push([{ startLine: this.cursor, rangeLength: 0, text: this.codeLine(15, 90) + '\n' }], 'ai', { cursorLines: [anchor] });
      this.cursor++;
    }
  }

  inlineAccept(): void {
    this.wait(300, 1_200);
    const lines = this.int(0, 9);
    this.push([this.at(lines ? this.block(lines) : this.codeLine(20, 120))], 'ai');
    this.cursor += lines;
  }
}

/** One trace of a class: a few minutes of work, starting at `start` (epoch ms). */
export function makeTrace(cls: TraceClass, seed: number, start = Date.parse('2026-01-12T09:00:00Z')): Trace {
  const w = new Writer(seeded(seed), start);
  for (let step = 0; step < 24; step++) {
    w.typeLine();
    if (w.r() < 0.3) w.commands();
    if (cls === 'pasting' && w.r() < 0.5) w.paste();
    if (cls === 'completion') w.complete();
    if (cls === 'agent' && step % 6 === 5) w.agentBurst();
    if (cls === 'streaming' && step % 6 === 5) w.streamBurst();
    if (cls === 'inline' && w.r() < 0.6) w.inlineAccept();
  }
  return { cls, edits: w.edits };
}

/** A rule under test: sees each edit in order and says whether it belongs to an AI burst. */
export interface EditRule {
  observe(e: RawEdit): boolean;
}

/** How one rule did on one class of traces. */
export interface ClassResult {
  cls: TraceClass;
  traces: number;
  /** Edits of the origin that matters for the class: human edits in human classes, AI edits in AI classes. */
  edits: number;
  flagged: number;
  /** Traces with at least one such edit flagged. */
  tracesFlagged: number;
}

/** Replays `count` seeded traces of every class through a fresh rule each and counts what it flags. */
export function measureRule(makeRule: () => EditRule, count = 40, seed = 1): ClassResult[] {
  return [...HUMAN_CLASSES, ...AI_CLASSES].map((cls, ci) => {
    const res: ClassResult = { cls, traces: count, edits: 0, flagged: 0, tracesFlagged: 0 };
    const wanted = HUMAN_CLASSES.includes(cls) ? 'human' : 'ai';
    for (let i = 0; i < count; i++) {
      const rule = makeRule();
      let any = false;
      for (const { edit, origin } of makeTrace(cls, seed * 1_000_003 + ci * 10_007 + i).edits) {
        const ai = rule.observe(edit);
        if (origin !== wanted) continue;
        res.edits++;
        if (ai) {
          res.flagged++;
          any = true;
        }
      }
      if (any) res.tracesFlagged++;
    }
    return res;
  });
}

/**
 * The older rule as its extension implements it: a single-change insert of more than 50 characters
 * (or more than 2 lines) is a possible AI insert; more than 3 of those within 500 ms start an AI
 * state, which ends after two single-character edits and a second without large inserts.
 */
export class ReferenceAiRule implements EditRule {
  private recent: number[] = [];
  private active = false;
  private humanCount = 0;
  private offAt = Infinity;

  observe(e: RawEdit): boolean {
    if (e.at >= this.offAt) {
      if (this.humanCount > 1) this.active = false;
      this.offAt = Infinity;
    }
    const only = e.changes.length === 1 ? e.changes[0] : undefined;
    const text = only?.text.trim() ?? '';
    const newlines = (only?.text.match(/[\n\r]/g) ?? []).length;
    if (only && text.length > 2 && (newlines > 2 || text.length > 50)) {
      this.recent = this.recent.filter((x) => x + 500 >= e.at);
      if (this.recent.length > 3) {
        this.active = true;
        this.humanCount = 0;
      }
      this.recent.push(e.at);
    } else if (only && ((text.length === 1 && only.text !== '\n') || only.text.length === 0)) {
      this.recent = [];
      if (this.active) {
        this.humanCount++;
        this.offAt = e.at + 1_000;
      }
    } else if (this.active) {
      this.humanCount = 0;
      this.offAt = Infinity;
    }
    return this.active;
  }
}

/** A one-line-per-class table of both rules' results, for the test log and the bench report. */
export function formatComparison(ours: ClassResult[], reference: ClassResult[]): string[] {
  const pct = (r: ClassResult) => `${((100 * r.flagged) / Math.max(1, r.edits)).toFixed(2)}% of ${r.edits} edits, ${r.tracesFlagged}/${r.traces} traces`;
  return ours.map((r, i) => `${HUMAN_CLASSES.includes(r.cls) ? 'false positives' : 'detected'} in ${r.cls}: ours ${pct(r)}; reference ${pct(reference[i] as ClassResult)}`);
}
