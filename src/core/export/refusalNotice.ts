/**
 * When to tell the user that the endpoint refused batches: once per run of refusals. A flush that
 * delivers something ends the run, and so does the user retrying the rejected batches (a refusal
 * after their fix is news); until then further refusals only grow the Rejected badge.
 */
export class RefusalNotice {
  private told = false;

  /** Whether the outcome of this flush should be told. */
  shouldTell(flush: { sent: number; rejected: number }): boolean {
    if (flush.rejected === 0) {
      if (flush.sent > 0) this.told = false;
      return false;
    }
    const tell = !this.told;
    this.told = true;
    return tell;
  }

  /** The user retried the rejected batches. */
  retried(): void {
    this.told = false;
  }
}
