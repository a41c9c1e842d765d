/** One content change of a document edit, as the editor reports it. The text is looked at, never kept. */
export interface RawChange {
  /** Zero-based line where the replaced range starts. */
  startLine: number;
  /** Length of the replaced range. */
  rangeLength: number;
  text: string;
}

/** One document change event, with the editor context the heuristic needs. */
export interface RawEdit {
  /** Milliseconds since the epoch. */
  at: number;
  changes: readonly RawChange[];
  /** Cursor lines of the active editor when the document is shown there (empty otherwise). */
  cursorLines: readonly number[];
  /** The edited document is the active editor's. */
  activeDocument: boolean;
  /** Undo or redo: replays an earlier edit, says nothing new about who wrote it. */
  undoRedo: boolean;
  /** Made by a save participant (format or organize imports on save), between will-save and did-save. */
  duringSave: boolean;
}

/** Tuning of the AI-insertion rule; defaults are the values measured in the trace replay test. */
export interface AiRuleOptions {
  /** Non-whitespace characters a single change must insert to be more than a keystroke. */
  chunkChars?: number;
  /** A human cannot start two insert gestures (paste, completion, code action) closer than this. */
  gestureMs?: number;
  /** One side effect of a gesture (auto-import, format on paste) may follow it this closely. */
  attachMs?: number;
  /** Unexplained inserts within `windowMs` that make a burst AI. */
  threshold?: number;
  windowMs?: number;
  /** Keystrokes at the cursor, after `quietMs` without unexplained inserts, that end a burst. */
  humanKeys?: number;
  quietMs?: number;
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Flags edit bursts that look like an AI tool writing (agent edits, chat "apply", streamed inline
 * chat), but not a person pasting, completing or running one editor command.
 *
 * The rule counts inserts no single human gesture explains:
 * - an insert of `chunkChars`+ non-whitespace characters arriving less than `gestureMs` after the
 *   previous one (people do not paste or complete that fast), except one side effect per gesture
 *   within `attachMs` and the identical text repeating (a paste or copy-line key held down);
 * - a multi-line or 40+ character change away from every cursor of the active editor, or in a
 *   document that is not active (at most two per event, so one refactoring command is not enough).
 * Save participants, undo/redo and same-length rearrangements (move line, sort) are never counted.
 * `threshold` unexplained inserts within `windowMs` start an AI burst; it ends once the person types
 * `humanKeys` keystrokes at the cursor after `quietMs` without unexplained inserts.
 *
 * The older rule (more than 3 inserts over 50 characters within 500 ms) flags a key held on a
 * copy-line or paste command and bursts of multi-line completions; see the replay test for both.
 */
export class AiEditDetector {
  private readonly o: Required<AiRuleOptions>;
  private active = false;
  private prevChunkAt = -Infinity;
  private prevFingerprint = 0;
  private gestureAt = -Infinity;
  private attached = false;
  private readonly recent: number[] = [];
  private lastUnexplained = -Infinity;
  private keys = 0;

  constructor(opts: AiRuleOptions = {}) {
    this.o = { chunkChars: 3, gestureMs: 200, attachMs: 150, threshold: 3, windowMs: 2_000, humanKeys: 2, quietMs: 1_000, ...opts };
  }

  /** True while an AI burst is under way. */
  get isActive(): boolean {
    return this.active;
  }

  /** Observes one edit and returns whether it belongs to an AI burst. */
  observe(e: RawEdit): boolean {
    if (e.undoRedo || e.duringSave) return this.active;
    const o = this.o;
    let chunk = 0;
    let offCursor = 0;
    let atCursor = false;
    for (const c of e.changes) {
      const text = c.text;
      if (text.length === c.rangeLength && text.length > 0) continue; // rearrangement: move line, sort, case change
      let nonWs = 0;
      let lines = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 10) lines++;
        else if (!isWs(code)) nonWs++;
      }
      if (nonWs > chunk) chunk = nonWs;
      if (e.activeDocument && nearCursor(e.cursorLines, c.startLine, lines)) atCursor = true;
      else if (nonWs >= 40 || (lines > 0 && nonWs >= 10)) offCursor++;
    }
    if (chunk < o.chunkChars) {
      if (atCursor && e.at - this.lastUnexplained >= o.quietMs && ++this.keys >= o.humanKeys) this.active = false;
      return this.active;
    }
    const fp = fingerprint(e.changes);
    let unexplained = 0;
    let sideEffect = false;
    if (fp === this.prevFingerprint && e.at - this.prevChunkAt < 1_000) {
      // the same text again: a key held on paste or copy-line
    } else if (e.at - this.prevChunkAt < o.gestureMs) {
      if (!this.attached && e.at - this.gestureAt <= o.attachMs) this.attached = sideEffect = true;
      else unexplained++;
    } else {
      this.gestureAt = e.at;
      this.attached = false;
    }
    // A gesture's side effect may land anywhere (the import at the top of the file).
    if (!sideEffect) unexplained += Math.min(2, Math.max(0, offCursor - (atCursor ? 1 : 0)));
    this.prevChunkAt = e.at;
    this.prevFingerprint = fp;
    for (let i = 0; i < unexplained; i++) this.unexplainedAt(e.at);
    return this.active;
  }

  private unexplainedAt(at: number): void {
    const r = this.recent;
    r.push(at);
    if (r.length > this.o.threshold) r.shift();
    this.lastUnexplained = at;
    this.keys = 0;
    if (r.length === this.o.threshold && at - (r[0] as number) <= this.o.windowMs) this.active = true;
  }
}

/** A change touches the cursor when a cursor sits on, just around, or inside the lines it writes. */
function nearCursor(cursorLines: readonly number[], startLine: number, lines: number): boolean {
  for (const l of cursorLines) if (l >= startLine - 1 && l <= startLine + lines + 1) return true;
  return false;
}

/** FNV-1a over the inserted text (first 512 characters of each change) and its length. */
function fingerprint(changes: readonly RawChange[]): number {
  let h = 0x811c9dc5;
  for (const c of changes) {
    const n = Math.min(c.text.length, 512);
    for (let i = 0; i < n; i++) h = Math.imul(h ^ c.text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ c.text.length, 0x01000193);
  }
  return h >>> 0 || 1;
}
