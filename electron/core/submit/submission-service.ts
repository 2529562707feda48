import { randomUUID } from 'node:crypto';
import type { AppError } from '../../common/errors';
import type { JobStatus } from '../../common/domain/farm';
import { describeJobTypeChanges, diffJobTypes, parseFrameRange, scoutFrames } from '../../common/domain/job-settings';
import type { ManagerId } from '../../common/domain/manager-profile';
import type { TransferProgress } from '../../common/domain/shaman';
import type {
  PreflightReport,
  Submission,
  SubmissionChanges,
  SubmissionId,
  SubmissionNotice,
  SubmissionProgress,
  SubmissionRequest,
  SubmissionState,
} from '../../common/domain/submission';
import { isFinal } from '../../common/domain/submission';
import type { SubmissionsRepository } from '../db/repositories/submissions-repository';
import { CoreError, toAppError } from '../errors';
import type { Clock, Notifier } from '../ports';
import { classifyError } from './classify-error';
import type { Inspector, ManagerGateway, Transferer, TransferStep } from './ports';
import { buildJob, prepareJob } from './prepare-job';
import type { SubmissionEvent } from './submission-machine';
import { recoverAfterRestart, transition } from './submission-machine';

/** How long the queue waits between tries: doubling from `baseMilliseconds` up to `maxMilliseconds`, with jitter. */
export type Backoff = { readonly baseMilliseconds: number; readonly maxMilliseconds: number };

/** What {@link SubmissionService} is built from. */
export type SubmissionServiceOptions = {
  readonly repository: SubmissionsRepository;
  readonly inspector: Inspector;
  readonly transferer: Transferer;
  readonly gateway: ManagerGateway;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** Written into each job's metadata. */
  readonly appVersion: string;
  /** Source of jitter in [0, 1). */
  readonly random?: () => number;
  /** Entries worked on at the same time (default 2). */
  readonly concurrency?: number;
  /** Transient failures in a row before an entry stops in `failed` (default 3). */
  readonly maxFailures?: number;
  readonly backoff?: Backoff;
  /** How often submitted jobs are polled when no live update came; 0 = never (default 15 s). */
  readonly followIntervalMilliseconds?: number;
  readonly createId?: () => string;
  /**
   * Whether the queue announces the end of a job on this Manager; false where the live
   * model already notifies about every job of the farm, so no job is announced twice.
   */
  readonly notifyJobEnd?: (managerId: ManagerId) => boolean;
};


type Listener<T> = (value: T) => void;

/** Thrown inside a run when the entry changed under it (paused, canceled, edited): the run stops quietly. */
class StaleRun extends Error {}

const defaultBackoff: Backoff = { baseMilliseconds: 1_000, maxMilliseconds: 60_000 };

/**
 * The submission pipeline and offline queue. Each entry moves through the state machine of
 * `submission-machine.ts`; every state is written to SQLite before the step it enables, so
 * a process killed at any moment resumes every entry from its last state:
 * in-flight inspection restarts, an interrupted upload resumes from the Shaman journal, and
 * a job that may have been sent is looked up by the submission id in its metadata before
 * it is sent again (exactly once).
 */
export class SubmissionService {
  private readonly options: SubmissionServiceOptions;
  private readonly repository: SubmissionsRepository;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly concurrency: number;
  private readonly maxFailures: number;
  private readonly backoff: Backoff;
  private readonly running = new Map<SubmissionId, AbortController>();
  private readonly runs = new Set<Promise<void>>();
  private readonly changeListeners = new Set<Listener<Submission>>();
  private readonly progressListeners = new Set<Listener<SubmissionProgress>>();
  private readonly noticeListeners = new Set<Listener<SubmissionNotice>>();
  private readonly settledWaiters: (() => void)[] = [];
  private readonly probing = new Set<ManagerId>();
  private wakeTimer: { cancel(): void } | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private followTimer: { cancel(): void } | undefined;
  private started = false;
  private stopped = false;

  constructor(options: SubmissionServiceOptions) {
    this.options = options;
    this.repository = options.repository;
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.maxFailures = Math.max(1, options.maxFailures ?? 3);
    this.backoff = options.backoff ?? defaultBackoff;
  }

  /**
   * Picks up every entry that is not final from its persisted state (work in flight restarts
   * from its last safe point) and starts working through the queue.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.clock.now();
    for (const submission of this.repository.list()) {
      const recovered = recoverAfterRestart(submission.state);
      if (recovered !== submission.state) this.emitChange(this.repository.saveState(submission.id, recovered, submission.failures, now));
    }
    // A start is a good moment to ask whether the Managers that were away are back.
    const waitedFor = new Set(this.repository.list().flatMap((entry) => (entry.state.phase === 'waiting-for-manager' ? [entry.request.managerId] : [])));
    for (const managerId of waitedFor) this.probe(managerId, true);
    this.pump();
    this.scheduleFollow();
  }

  /** Stops working (runs are aborted where they stand; their states stay persisted for the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeTimer?.cancel();
    this.followTimer?.cancel();
    for (const controller of this.running.values()) controller.abort();
    await Promise.allSettled([...this.runs]);
    this.resolveSettled();
  }

  /** Every entry in queue order (higher priority first, then oldest first). */
  list(): readonly Submission[] {
    return this.repository.list();
  }

  /** One entry; `not-found` when there is none. */
  get(id: SubmissionId): Submission {
    const submission = this.repository.get(id);
    if (submission === undefined) throw new CoreError('not-found', `No submission ${id} in the queue`);
    return submission;
  }

  /** Adds a submission at the end of its priority in the queue and starts it when its turn comes. */
  submit(request: SubmissionRequest): Submission {
    checkRequest(request);
    const id = (this.options.createId ?? randomUUID)() as SubmissionId;
    const submission = this.repository.insert(id, request, { phase: 'draft' }, this.clock.now());
    this.emitChange(submission);
    this.pump();
    return submission;
  }

  /**
   * Checks a request without queueing it: the job type, every setting's value (evaluated in
   * Blender where the inspector does), the problems and the pre-flight warnings, together.
   * An unreachable Manager is a warning here, not an error.
   */
  async preflight(request: SubmissionRequest, signal: AbortSignal = new AbortController().signal): Promise<PreflightReport> {
    checkRequest(request);
    let jobType;
    try {
      jobType = await this.options.gateway.jobType(request.managerId, request.jobType);
    } catch (error) {
      const appError = toAppError(error);
      if (classifyError(appError) !== 'unreachable') throw error;
      const empty = { name: request.jobType, label: request.jobType, etag: '', settings: [] };
      return { jobType: empty, settings: request.settings, issues: [], warnings: [{ kind: 'manager-unreachable', message: appError.message }] };
    }
    const inspection = await this.options.inspector.inspect({ blendPath: request.blendPath, jobType, jobName: request.jobName, values: request.settings, signal });
    const outcome = prepareJob(jobType, request, inspection, await this.farmBlenderVersion(request.managerId));
    if (outcome.ok) return { jobType, settings: outcome.prepared.settings, issues: [], warnings: outcome.prepared.warnings };
    return { jobType, settings: { ...request.settings, ...inspection.values }, issues: outcome.issues, warnings: outcome.warnings };
  }

  /** Holds an entry where it is (an upload in progress stops and resumes later from the journal). */
  pause(id: SubmissionId): Submission {
    return this.userAction(id, { type: 'pause' });
  }

  /** Lets a paused entry continue. */
  resume(id: SubmissionId): Submission {
    return this.userAction(id, { type: 'resume' });
  }

  /** Removes an entry's work before its job is sent. */
  cancel(id: SubmissionId, reason = 'Canceled by the user'): Submission {
    return this.userAction(id, { type: 'cancel', reason });
  }

  /** Tries an entry again now (after an error, or while waiting for the Manager). */
  retry(id: SubmissionId): Submission {
    return this.userAction(id, { type: 'retry' }, 0);
  }

  /** Sends the full job after a scout job the user looked at. */
  confirmScout(id: SubmissionId): Submission {
    return this.userAction(id, { type: 'confirm-scout' });
  }

  /** Changes an entry's request; it is inspected again (a paused entry stays paused). */
  edit(id: SubmissionId, changes: SubmissionChanges): Submission {
    const current = this.get(id);
    const request: SubmissionRequest = { ...current.request, ...changes };
    checkRequest(request);
    const result = transition(current.state, { type: 'edited' });
    if (!result.ok) throw new CoreError('conflict', result.reason, { details: { id, phase: current.state.phase } });
    this.running.get(id)?.abort();
    // The request is saved before the state, so a run started by the new state reads the new request.
    const withRequest = this.repository.saveRequest(id, request, this.clock.now());
    const saved = this.save(withRequest, result.state, 0);
    this.pump();
    return saved;
  }

  /** Forgets a final entry. */
  remove(id: SubmissionId): void {
    const submission = this.get(id);
    if (!isFinal(submission.state)) throw new CoreError('conflict', `Submission ${id} is ${submission.state.phase}; cancel it before removing it`);
    this.repository.delete(id);
  }

  /** Called when the Manager is known to be back (socket reconnect, successful probe): waiting entries go at once. */
  managerReachable(managerId: ManagerId): void {
    const resumedIds: SubmissionId[] = [];
    for (const submission of this.repository.list()) {
      if (submission.request.managerId !== managerId || submission.state.phase !== 'waiting-for-manager') continue;
      if (this.tryApply(submission.id, { type: 'manager-back' }, 0)) resumedIds.push(submission.id);
    }
    const resumed = resumedIds.length;
    const [first] = resumedIds;
    if (first !== undefined) {
      const name = this.options.gateway.managerName?.(managerId) ?? 'The Manager';
      this.options.notifier.notify({
        kind: 'queue-resumed',
        title: 'Queue resumed',
        body: `${name} is reachable again; ${resumed} waiting submission${resumed === 1 ? '' : 's'} continue${resumed === 1 ? 's' : ''}.`,
        target: { screen: 'queue', submissionId: first },
      });
    }
    this.pump();
  }

  /** A job status from the live socket or a poll; ends the submission when the job ended. */
  jobUpdated(managerId: ManagerId, jobId: string, status: JobStatus, activity = ''): void {
    const submission = this.repository
      .list()
      .find((entry) => entry.request.managerId === managerId && entry.state.phase === 'submitted' && entry.state.jobId === jobId);
    if (submission === undefined || submission.state.phase !== 'submitted' || submission.state.jobStatus === status) return;
    const updated = this.tryApply(submission.id, { type: 'job-updated', jobStatus: status, reason: activity });
    if (updated !== undefined) this.afterJobUpdate(updated);
  }

  /** A file of a waiting entry changed on disk: inspect it again (the user is told). */
  fileChanged(id: SubmissionId, path: string): void {
    if (this.tryApply(id, { type: 'file-changed', path }) === undefined) return;
    this.running.get(id)?.abort();
    this.emitNotice({ kind: 'file-changed', id, path });
    this.pump();
  }

  /** A file of a waiting entry was deleted: the entry needs the user. */
  fileDeleted(id: SubmissionId, path: string): void {
    const error: AppError = { code: 'file-missing', message: `${path} was deleted`, details: { path } };
    if (this.tryApply(id, { type: 'file-deleted', path, error }) === undefined) return;
    this.running.get(id)?.abort();
    this.emitNotice({ kind: 'file-deleted', id, path });
  }

  /** Listens to every persisted change of an entry. */
  onChange(listener: Listener<Submission>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Listens to transfer progress (already throttled by the transfer). */
  onProgress(listener: Listener<SubmissionProgress>): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Listens to notices (files changed or deleted, hot-folder submissions). */
  onNotice(listener: Listener<SubmissionNotice>): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Tells listeners about something that is not a state change (used by the watchers). */
  emitNotice(notice: SubmissionNotice): void {
    for (const listener of this.noticeListeners) listener(notice);
  }

  /**
   * Resolves when no entry is being worked on and none can start now (entries may still wait
   * for the Manager, for the user, or for their jobs to end).
   */
  whenSettled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private userAction(id: SubmissionId, event: SubmissionEvent, failures?: number): Submission {
    const current = this.get(id);
    const result = transition(current.state, event);
    if (!result.ok) throw new CoreError('conflict', result.reason, { details: { id, phase: current.state.phase } });
    this.running.get(id)?.abort();
    const saved = this.save(current, result.state, failures ?? current.failures);
    this.pump();
    return saved;
  }

  private save(current: Submission, state: SubmissionState, failures: number): Submission {
    const saved = this.repository.saveState(current.id, state, failures, this.clock.now());
    this.emitChange(saved);
    return saved;
  }

  /** Applies an event to the persisted state; undefined when it no longer applies. */
  private tryApply(id: SubmissionId, event: SubmissionEvent, failures?: number): Submission | undefined {
    const current = this.repository.get(id);
    if (current === undefined) return undefined;
    const result = transition(current.state, event);
    if (!result.ok) return undefined;
    return this.save(current, result.state, failures ?? current.failures);
  }

  /** Applies an event inside a run; a state changed by the user meanwhile stops the run. */
  private apply(id: SubmissionId, event: SubmissionEvent, signal: AbortSignal, failures?: number): Submission {
    if (signal.aborted) throw new StaleRun();
    const saved = this.tryApply(id, event, failures);
    if (saved === undefined) throw new StaleRun();
    return saved;
  }

  private runnable(submission: Submission, now: number): boolean {
    const state = submission.state;
    switch (state.phase) {
      case 'draft':
      case 'ready':
      case 'submitting':
        return true;
      case 'failed':
        return state.retryAt !== undefined && state.retryAt <= now;
      default:
        return false;
    }
  }

  /** Starts runs for runnable entries in queue order, up to the concurrency. */
  private pump(): void {
    if (this.stopped || !this.started) return;
    const now = this.clock.now();
    let nextWake = Number.POSITIVE_INFINITY;
    const dueManagers = new Set<ManagerId>();
    for (const submission of this.repository.list()) {
      const state = submission.state;
      if (state.phase === 'waiting-for-manager') {
        if (state.nextAttemptAt <= now) dueManagers.add(submission.request.managerId);
        else nextWake = Math.min(nextWake, state.nextAttemptAt);
        continue;
      }
      if (state.phase === 'failed' && state.retryAt !== undefined && state.retryAt > now) nextWake = Math.min(nextWake, state.retryAt);
      if (this.running.has(submission.id) || this.running.size >= this.concurrency || !this.runnable(submission, now)) continue;
      if (state.phase === 'failed' && this.tryApply(submission.id, { type: 'retry' }) === undefined) continue;
      this.startRun(submission.id);
    }
    for (const managerId of dueManagers) this.probe(managerId);
    this.scheduleWake(nextWake);
    if (this.isSettled()) this.resolveSettled();
  }

  private scheduleWake(at: number): void {
    if (at === this.wakeAt) return;
    this.wakeTimer?.cancel();
    this.wakeTimer = undefined;
    this.wakeAt = at;
    if (!Number.isFinite(at)) return;
    this.wakeTimer = this.clock.setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.pump();
    }, Math.max(0, at - this.clock.now()));
  }

  /** Asks a Manager whether it is back; waiting entries go at once when it is, or wait longer. */
  private probe(managerId: ManagerId, early = false): void {
    if (this.probing.has(managerId)) return;
    this.probing.add(managerId);
    const done = this.options.gateway.probe(managerId).then(
      () => {
        this.probing.delete(managerId);
        this.managerReachable(managerId);
      },
      (error: unknown) => {
        this.probing.delete(managerId);
        // Any answer but a network failure (or a proxy saying the Manager is down) means it is there.
        if (classifyError(toAppError(error)) !== 'unreachable') {
          this.managerReachable(managerId);
          return;
        }
        const now = this.clock.now();
        for (const submission of this.repository.list()) {
          const state = submission.state;
          // An early probe (at start) leaves the backoff as it was.
          if (early || submission.request.managerId !== managerId || state.phase !== 'waiting-for-manager' || state.nextAttemptAt > now) continue;
          const failures = submission.failures + 1;
          this.tryApply(
            submission.id,
            { type: 'manager-unreachable', reason: toAppError(error).message, attempt: failures, nextAttemptAt: now + this.delay(failures) },
            failures,
          );
        }
        this.pump();
      },
    );
    this.track(done);
  }

  private delay(failures: number): number {
    const exponential = Math.min(this.backoff.maxMilliseconds, this.backoff.baseMilliseconds * 2 ** Math.max(0, failures - 1));
    return Math.round(exponential * (0.5 + this.random() / 2));
  }

  private startRun(id: SubmissionId): void {
    const controller = new AbortController();
    this.running.set(id, controller);
    const run = this.run(id, controller.signal).finally(() => {
      if (this.running.get(id) === controller) this.running.delete(id);
      this.pump();
    });
    this.track(run);
  }

  private track(promise: Promise<void>): void {
    this.runs.add(promise);
    void promise.finally(() => this.runs.delete(promise));
  }

  private async run(id: SubmissionId, signal: AbortSignal): Promise<void> {
    for (;;) {
      const submission = this.repository.get(id);
      if (submission === undefined || signal.aborted) return;
      try {
        const more = await this.step(submission, signal);
        if (!more) return;
      } catch (error) {
        if (error instanceof StaleRun || signal.aborted) return;
        await this.handleError(id, error, signal);
        return;
      }
    }
  }

  /** Does the work of the entry's phase; false when the entry left the working phases. */
  private async step(submission: Submission, signal: AbortSignal): Promise<boolean> {
    const { id, request } = submission;
    const state = submission.state;
    const gateway = this.options.gateway;
    switch (state.phase) {
      case 'draft': {
        this.apply(id, { type: 'inspect' }, signal);
        const jobType = await gateway.jobType(request.managerId, request.jobType);
        this.reachable(request.managerId);
        const inspection = await this.options.inspector.inspect({
          blendPath: request.blendPath,
          jobType,
          jobName: request.jobName,
          values: request.settings,
          signal,
        });
        const outcome = prepareJob(jobType, request, inspection, await this.farmBlenderVersion(request.managerId));
        if (!outcome.ok) {
          const message = `Settings need attention: ${outcome.issues.map((issue) => issue.message).join('; ')}`;
          throw new CoreError('settings-invalid', message, { details: { issues: outcome.issues, warnings: outcome.warnings } });
        }
        this.apply(id, { type: 'inspected', prepared: outcome.prepared }, signal, 0);
        return true;
      }
      case 'ready': {
        if (this.waitForScout(submission, signal)) return false;
        this.apply(id, { type: 'transfer-started' }, signal);
        const steps: Record<TransferStep, SubmissionEvent | undefined> = { hashing: undefined, uploading: { type: 'hashed' }, checkout: { type: 'uploaded' } };
        const outcome = await this.options.transferer.transfer({
          submissionId: id,
          managerId: request.managerId,
          blendPath: request.blendPath,
          dependencies: state.prepared.dependencies,
          jobName: request.jobName,
          signal,
          onStep: (step) => {
            const event = steps[step];
            if (event !== undefined) this.apply(id, event, signal);
          },
          onProgress: (progress) => this.emitProgress(id, progress),
          onWarning: () => undefined,
        });
        const { uploaded, ...transfer } = outcome;
        this.apply(id, { type: 'transferred', transfer }, signal, 0);
        this.reachable(request.managerId);
        if (uploaded) {
          this.options.notifier.notify({
            kind: 'upload-finished',
            title: 'Upload finished',
            body: `${request.jobName}: the files are on the farm`,
            target: { screen: 'queue', submissionId: id },
          });
        }
        return true;
      }
      case 'submitting': {
        if (state.sent) {
          // The job may have reached the Manager before the last run stopped: find it first.
          const found = await gateway.findJob(request.managerId, id);
          if (found !== undefined) {
            this.accepted(id, found.id, found.status, signal);
            return false;
          }
        }
        const job = buildJob(id, request, state.prepared, state.transfer, this.options.appVersion);
        await gateway.checkJob(request.managerId, job);
        this.apply(id, { type: 'sending' }, signal);
        const created = await gateway.submitJob(request.managerId, job);
        this.accepted(id, created.id, created.status, signal);
        return false;
      }
      default:
        return false;
    }
  }

  /** The farm's Blender version, when the Manager tells it; a failure to ask is no reason to stop. */
  private async farmBlenderVersion(managerId: ManagerId): Promise<string | undefined> {
    try {
      return await this.options.gateway.farmBlenderVersion?.(managerId);
    } catch {
      return undefined;
    }
  }

  private accepted(id: SubmissionId, jobId: string, jobStatus: JobStatus, signal: AbortSignal): void {
    // A job found or created is recorded even when the user paused meanwhile: it exists.
    const saved = this.tryApply(id, { type: 'accepted', jobId, jobStatus }, 0) ?? this.recordFoundJob(id, jobId, jobStatus);
    if (signal.aborted && saved === undefined) return;
    this.reachable(this.get(id).request.managerId);
    if (saved !== undefined) this.afterJobUpdate(saved);
  }

  /** Records a job for an entry the user paused while it was being sent. */
  private recordFoundJob(id: SubmissionId, jobId: string, jobStatus: JobStatus): Submission | undefined {
    const current = this.repository.get(id);
    if (current === undefined || current.state.phase !== 'paused' || current.state.resume.phase !== 'submitting') return undefined;
    return this.save(current, { phase: 'submitted', jobId, jobStatus }, 0);
  }

  /** Decides whether a ready entry must first wait for its scout job; true when it now waits. */
  private waitForScout(submission: Submission, signal: AbortSignal): boolean {
    const { id, request } = submission;
    if (request.scout === 'off' || submission.state.phase !== 'ready') return false;
    const frames = submission.state.prepared.settings['frames'];
    const parsed = typeof frames === 'string' ? parseFrameRange(frames) : undefined;
    if (parsed === undefined || !parsed.ok || parsed.range.frameCount <= 3) return false;
    const scouts = this.repository.list().filter((entry) => entry.request.scoutFor === id);
    if (scouts.some((entry) => entry.state.phase === 'completed')) return false;
    let scout = scouts.find((entry) => !isFinal(entry.state));
    if (scout === undefined) {
      scout = this.repository.insert(
        (this.options.createId ?? randomUUID)() as SubmissionId,
        {
          ...request,
          jobName: `${request.jobName} (scout)`,
          settings: { ...request.settings, frames: scoutFrames(parsed.range) },
          scout: 'off',
          scoutFor: id,
          paused: false,
        },
        { phase: 'draft' },
        this.clock.now(),
      );
      this.emitChange(scout);
    }
    this.apply(id, { type: 'scout-required', scoutId: scout.id }, signal);
    return true;
  }

  /** Notifications and scout follow-up after a job status change. */
  private afterJobUpdate(submission: Submission): void {
    const state = submission.state;
    const name = submission.request.jobName;
    const notify = this.options.notifyJobEnd?.(submission.request.managerId) ?? true;
    if (notify && (state.phase === 'completed' || state.phase === 'job-failed' || state.phase === 'job-canceled')) {
      const kind = state.phase === 'completed' ? 'job-completed' : state.phase === 'job-failed' ? 'job-failed' : 'job-canceled';
      const verb = state.phase === 'completed' ? 'completed' : state.phase === 'job-failed' ? 'failed' : 'was canceled';
      this.options.notifier.notify({ kind, title: `Job ${verb}`, body: `${name} ${verb}`, target: { screen: 'job', jobId: state.jobId } });
    }
    const parentId = submission.request.scoutFor;
    if (parentId !== undefined && (isFinal(state) || state.phase === 'needs-attention')) this.scoutEnded(parentId, submission);
  }

  private scoutEnded(parentId: SubmissionId, scout: Submission): void {
    const parent = this.repository.get(parentId);
    if (parent === undefined || parent.state.phase !== 'awaiting-scout' || parent.state.scoutId !== scout.id) return;
    const completed = scout.state.phase === 'completed';
    const reason = 'reason' in scout.state ? scout.state.reason : scout.state.phase;
    this.tryApply(parentId, { type: 'scout-ended', completed, confirm: parent.request.scout === 'confirm', reason });
    this.pump();
  }

  private async handleError(id: SubmissionId, error: unknown, signal: AbortSignal): Promise<void> {
    const current = this.repository.get(id);
    if (current === undefined) return;
    const appError = toAppError(error);
    const now = this.clock.now();
    switch (classifyError(appError)) {
      case 'canceled':
        return;
      case 'unreachable': {
        const failures = current.failures + 1;
        this.tryApply(id, { type: 'manager-unreachable', reason: appError.message, attempt: failures, nextAttemptAt: now + this.delay(failures) }, failures);
        return;
      }
      case 'rejected':
        await this.reject(current, appError, signal);
        return;
      case 'transient': {
        const failures = current.failures + 1;
        const retryAt = failures < this.maxFailures ? now + this.delay(failures) : undefined;
        const saved = this.tryApply(id, { type: 'errored', error: appError, ...(retryAt === undefined ? {} : { retryAt }) }, failures);
        if (saved !== undefined && retryAt === undefined && ['hashing', 'uploading', 'checkout'].includes(current.state.phase)) {
          this.options.notifier.notify({
            kind: 'upload-failed',
            title: 'Upload failed',
            body: `${current.request.jobName}: ${appError.message}`,
            target: { screen: 'queue', submissionId: id },
          });
        }
        if (saved !== undefined && current.request.scoutFor !== undefined && retryAt === undefined) this.afterJobUpdate(saved);
        return;
      }
    }
  }

  /** Puts an entry in needs-attention; a changed job type is refetched so the user sees what changed. */
  private async reject(current: Submission, error: AppError, signal: AbortSignal): Promise<void> {
    let reported = error;
    const prepared = 'prepared' in current.state ? current.state.prepared : undefined;
    if (error.code === 'manager-job-type-changed' && prepared !== undefined) {
      try {
        const fresh = await this.options.gateway.jobType(current.request.managerId, prepared.jobType.name);
        const changes = diffJobTypes(prepared.jobType, fresh);
        reported = {
          ...error,
          message: `The job type ${fresh.name} changed on the Manager: ${describeJobTypeChanges(changes)}. Check the settings and retry.`,
          details: { ...error.details, changes, etag: fresh.etag },
        };
      } catch {
        // The diff is a courtesy; the entry needs attention either way.
      }
    }
    if (signal.aborted) return;
    const saved = this.tryApply(current.id, { type: 'rejected', error: reported }, 0);
    if (saved !== undefined && current.request.scoutFor !== undefined) this.afterJobUpdate(saved);
  }

  /** A Manager call succeeded: entries waiting for that Manager may go now. */
  private reachable(managerId: ManagerId): void {
    if (this.repository.list().some((entry) => entry.request.managerId === managerId && entry.state.phase === 'waiting-for-manager')) {
      this.managerReachable(managerId);
    }
  }

  private scheduleFollow(): void {
    const interval = this.options.followIntervalMilliseconds ?? 15_000;
    if (interval <= 0 || this.stopped) return;
    this.followTimer = this.clock.setTimeout(() => {
      this.track(this.followJobs().finally(() => this.scheduleFollow()));
    }, interval);
  }

  /** Polls every submitted job once (the live socket usually tells sooner). */
  async followJobs(): Promise<void> {
    if (this.stopped) return;
    for (const submission of this.repository.list()) {
      if (submission.state.phase !== 'submitted' || this.stopped) continue;
      try {
        const job = await this.options.gateway.job(submission.request.managerId, submission.state.jobId);
        // The queue may have stopped (and the database closed) while the Manager answered.
        if (this.stopped) return;
        this.jobUpdated(submission.request.managerId, job.id, job.status, job.activity);
      } catch {
        // The next poll or a live event will tell; following never changes the entry on errors.
      }
    }
  }

  private isSettled(): boolean {
    if (this.running.size > 0 || this.probing.size > 0) return false;
    const now = this.clock.now();
    return !this.repository.list().some((submission) => this.runnable(submission, now));
  }

  private resolveSettled(): void {
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private emitChange(submission: Submission): void {
    for (const listener of this.changeListeners) listener(submission);
  }

  private emitProgress(id: SubmissionId, transfer: TransferProgress): void {
    const phase = this.repository.get(id)?.state.phase;
    if (phase === undefined) return;
    for (const listener of this.progressListeners) listener({ id, phase, transfer });
  }
}

/** Rejects requests no Manager would take, before they enter the queue. */
function checkRequest(request: SubmissionRequest): void {
  if (!Number.isInteger(request.priority) || request.priority < 0 || request.priority > 100) {
    throw new CoreError('invalid-argument', `Priority must be a whole number from 0 to 100, not ${request.priority}`);
  }
  if (request.jobName.trim() === '') throw new CoreError('invalid-argument', 'A job needs a name');
  if (request.blendPath.trim() === '') throw new CoreError('invalid-argument', 'A submission needs a .blend file');
}
