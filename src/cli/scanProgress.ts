import type { ScanProgress } from '../core/git/scan';

/** Where progress goes (stderr), and what it is. */
export interface ProgressSink {
  write(text: string): void;
  /** A terminal: a bar redrawn in place; otherwise one line every few seconds. */
  isTTY: boolean;
  /** Terminal width, for the bar. */
  columns?: number;
}

export interface ProgressOptions {
  /** Nothing is shown before this (a quick scan shows no progress at all). */
  delayMs?: number;
  /** Seconds between lines when stderr is not a terminal. */
  lineEveryMs?: number;
  now?: () => number;
  /** Redraw timer; off in tests, which call tick() themselves. */
  timer?: boolean;
}

/** Shows a scan's progress once it runs longer than `delayMs`: a bar on a terminal, a line every few seconds otherwise. */
export class ScanProgressView {
  private readonly started: number;
  private last: ScanProgress = { commits: 0 };
  private lastLine = -Infinity;
  private drawn = false;
  private readonly interval: NodeJS.Timeout | undefined;
  private readonly delayMs: number;
  private readonly lineEveryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    opts: ProgressOptions = {},
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.started = this.now();
    this.delayMs = opts.delayMs ?? 2000;
    this.lineEveryMs = opts.lineEveryMs ?? 5000;
    if (opts.timer !== false) {
      this.interval = setInterval(() => this.tick(), sink.isTTY ? 250 : 1000);
      this.interval.unref();
    }
  }

  update(p: ScanProgress): void {
    this.last = p;
  }

  /** Draws if due. */
  tick(): void {
    const t = this.now();
    const elapsed = t - this.started;
    if (elapsed < this.delayMs) return;
    const { commits, total } = this.last;
    const secs = `${Math.round(elapsed / 1000)} s`;
    const count = total ? `${commits.toLocaleString('en-US')}/${total.toLocaleString('en-US')} commits` : `${commits.toLocaleString('en-US')} commits`;
    if (this.sink.isTTY) {
      const text = ` ${total ? `${Math.floor((100 * commits) / total)}%`.padStart(4) : ''} ${count}, ${secs}`;
      const width = Math.max(10, Math.min(40, (this.sink.columns ?? 80) - text.length - 20));
      const filled = total ? Math.min(width, Math.round((width * commits) / total)) : 0;
      this.sink.write(`\r\x1b[Kscanning [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${text}`);
      this.drawn = true;
    } else if (t - this.lastLine >= this.lineEveryMs) {
      this.lastLine = t;
      this.sink.write(`practicum scan: read ${count}${total ? ` (${Math.floor((100 * commits) / total)}%)` : ''}, ${secs}\n`);
    }
  }

  /** Stops drawing and clears the bar. */
  done(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}

/**
 * Whether to show progress: `--progress` always; otherwise not with `--quiet`, and not with `--json`
 * when stdout is not a terminal (a script reading the JSON).
 */
export function wantsProgress(flags: { progress: boolean; quiet: boolean; json: boolean }, stdoutIsTTY: boolean): boolean {
  if (flags.progress) return true;
  if (flags.quiet) return false;
  return !(flags.json && !stdoutIsTTY);
}
