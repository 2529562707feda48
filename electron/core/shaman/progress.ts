import type { TransferPhase, TransferProgress } from '../../common/domain/shaman';
import type { Clock } from '../ports';

/** Options of a {@link ProgressTracker}. */
export type ProgressTrackerOptions = {
  readonly phase: TransferPhase;
  readonly clock: Clock;
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  readonly filesTotal?: number;
  readonly bytesTotal?: number;
  /** Least time between two snapshots; 100 ms gives the ~10 a second the UI wants. */
  readonly intervalMs?: number;
  /** How far back the rate looks. */
  readonly rateWindowMs?: number;
};

type Sample = { readonly time: number; readonly bytes: number };

/**
 * Counts files and bytes of one phase and hands out throttled snapshots with a recent
 * rate and an ETA. Every change may emit, but at most one snapshot per interval;
 * {@link flush} always emits, so the last state of a phase is never lost.
 */
export class ProgressTracker {
  private readonly phase: TransferPhase;
  private readonly clock: Clock;
  private readonly onProgress: ((progress: TransferProgress) => void) | undefined;
  private readonly intervalMs: number;
  private readonly rateWindowMs: number;
  private readonly samples: Sample[] = [];
  private filesDone = 0;
  private filesTotal: number;
  private bytesDone = 0;
  private bytesTotal: number;
  private lastEmit = Number.NEGATIVE_INFINITY;

  constructor(options: ProgressTrackerOptions) {
    this.phase = options.phase;
    this.clock = options.clock;
    this.onProgress = options.onProgress;
    this.intervalMs = options.intervalMs ?? 100;
    this.rateWindowMs = options.rateWindowMs ?? 3000;
    this.filesTotal = options.filesTotal ?? 0;
    this.bytesTotal = options.bytesTotal ?? 0;
    this.samples.push({ time: this.clock.now(), bytes: 0 });
  }

  /** Grows the totals (more work discovered, e.g. a later requirements round). */
  addTotals(files: number, bytes: number): void {
    this.filesTotal += files;
    this.bytesTotal += bytes;
    this.maybeEmit();
  }

  /** Counts bytes moved; negative when an attempt failed and its bytes will be sent again. */
  addBytes(bytes: number): void {
    this.bytesDone += bytes;
    this.maybeEmit();
  }

  /** Counts one finished file. */
  addFile(): void {
    this.filesDone += 1;
    this.maybeEmit();
  }

  /** The current state, without throttling. */
  snapshot(): TransferProgress {
    const now = this.clock.now();
    const rate = this.rate(now);
    const remaining = Math.max(0, this.bytesTotal - this.bytesDone);
    return {
      phase: this.phase,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      bytesPerSecond: rate,
      etaSeconds: remaining === 0 ? 0 : rate > 0 ? remaining / rate : undefined,
    };
  }

  /** Emits the current state now, whatever the throttle says. */
  flush(): void {
    this.emit(this.clock.now());
  }

  private maybeEmit(): void {
    const now = this.clock.now();
    if (now - this.lastEmit >= this.intervalMs) this.emit(now);
  }

  private emit(now: number): void {
    this.lastEmit = now;
    this.samples.push({ time: now, bytes: this.bytesDone });
    while (this.samples.length > 2 && (this.samples[1]?.time ?? now) <= now - this.rateWindowMs) this.samples.shift();
    this.onProgress?.(this.snapshot());
  }

  private rate(now: number): number {
    const oldest = this.samples[0];
    if (oldest === undefined) return 0;
    const elapsed = now - oldest.time;
    if (elapsed <= 0) return 0;
    return Math.max(0, ((this.bytesDone - oldest.bytes) * 1000) / elapsed);
  }
}
