import type { JobEta, JobId, LiveChange } from '../../common/domain/farm';
import type { FarmSnapshot } from '../../common/domain/farm-view';
import type { NotificationKind, Clock, Notifier } from '../ports';
import { systemClock } from '../ports';
import { LiveModel } from './live/live-model';
import type { LiveSocketFactory } from './live/live-socket';
import { notificationFor } from './live/notifications';
import type { ManagerService } from './manager-service';

/** What {@link FarmService} needs. */
export type FarmServiceOptions = {
  readonly managers: ManagerService;
  readonly notifier?: Notifier;
  readonly clock?: Clock;
  readonly socketFactory?: LiveSocketFactory;
  /** Changes are delivered in batches at most this often (default 100 ms: ten a second). */
  readonly batchMilliseconds?: number;
  /** Whether the user wants notifications of this kind (default: all). */
  readonly wantsNotification?: (kind: NotificationKind) => boolean;
  readonly onProblem?: (problem: unknown) => void;
};

type BatchListener = (changes: readonly LiveChange[]) => void;

/**
 * The live farm of the active Manager for the app: one {@link LiveModel} at a time,
 * restarted when the active profile changes, its changes delivered in throttled batches
 * (for the `farm:changed` event) and turned into notifications.
 */
export class FarmService {
  private readonly managers: ManagerService;
  private readonly notifier: Notifier | undefined;
  private readonly clock: Clock;
  private readonly socketFactory: LiveSocketFactory | undefined;
  private readonly batchMilliseconds: number;
  private readonly wantsNotification: (kind: NotificationKind) => boolean;
  private readonly onProblem: (problem: unknown) => void;
  private readonly listeners = new Set<BatchListener>();
  private current: { readonly model: LiveModel; readonly stopListening: () => void } | undefined;
  private pending: LiveChange[] = [];
  private flushTimer: { cancel(): void } | undefined;
  /** Starts and stops run one after the other, so two quick switches never leave two models. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: FarmServiceOptions) {
    this.managers = options.managers;
    this.notifier = options.notifier;
    this.clock = options.clock ?? systemClock;
    this.socketFactory = options.socketFactory;
    this.batchMilliseconds = options.batchMilliseconds ?? 100;
    this.wantsNotification = options.wantsNotification ?? (() => true);
    this.onProblem = options.onProblem ?? (() => undefined);
  }

  /** Listens to batches of changes; returns the function that stops listening. */
  onChanges(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** (Re)starts watching the active Manager; stops watching when no profile is active. */
  start(): Promise<void> {
    return this.serially(() => this.startNow());
  }

  /** Stops watching and delivers what is pending. */
  stop(): Promise<void> {
    return this.serially(() => this.stopNow());
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async startNow(): Promise<void> {
    await this.stopNow();
    const profile = this.managers.active();
    if (profile === undefined) return;
    const model = new LiveModel({
      client: await this.managers.clientFor(profile),
      headers: await this.managers.headersFor(profile),
      clock: this.clock,
      onProblem: this.onProblem,
      ...(this.socketFactory === undefined ? {} : { socketFactory: this.socketFactory }),
    });
    const stopListening = model.onChange((change) => this.handle(change));
    this.current = { model, stopListening };
    await model.start();
  }

  private async stopNow(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (current !== undefined) {
      await current.model.stop();
      current.stopListening();
    }
    this.flush();
  }

  /** The live model of the active Manager, while watching. */
  model(): LiveModel | undefined {
    return this.current?.model;
  }

  /** Follows the tasks of a job (the job detail screen). */
  async watchJob(jobId: JobId): Promise<void> {
    await this.current?.model.watchJob(jobId);
  }

  /** Stops following the tasks of a job. */
  async unwatchJob(jobId: JobId): Promise<void> {
    await this.current?.model.unwatchJob(jobId);
  }

  /** ETAs of the jobs that have one. */
  etas(): Readonly<Record<string, JobEta>> {
    const model = this.current?.model;
    if (model === undefined) return {};
    const etas: Record<string, JobEta> = {};
    for (const job of model.jobs()) {
      const eta = model.eta(job.id);
      if (eta.kind !== 'unknown') etas[job.id] = eta;
    }
    return etas;
  }

  /** Everything the farm screens start from. */
  snapshot(): FarmSnapshot {
    const model = this.current?.model;
    return {
      manager: this.managers.active() ?? null,
      version: model?.managerVersion() ?? null,
      connection: model?.connection() ?? { kind: 'stopped' },
      farmStatus: model?.farmStatus() ?? 'unknown',
      jobs: model?.jobs() ?? [],
      workers: model?.workers() ?? [],
      tags: model?.workerTags() ?? [],
      etas: this.etas(),
    };
  }

  private handle(change: LiveChange): void {
    const notification = notificationFor(change);
    if (notification !== undefined && this.notifier !== undefined && this.wantsNotification(notification.kind)) {
      this.notifier.notify(notification);
    }
    this.pending.push(change);
    this.flushTimer ??= this.clock.setTimeout(() => this.flush(), this.batchMilliseconds);
  }

  private flush(): void {
    this.flushTimer?.cancel();
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        this.onProblem(error);
      }
    }
  }
}
