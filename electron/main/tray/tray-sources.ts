import type { JobSummary, LiveConnectionState } from '../../common/domain/farm';
import type { ManagerProfile } from '../../common/domain/manager-profile';
import type { TransferProgress } from '../../common/domain/shaman';
import type { AppSettings } from '../../common/domain/settings';
import { assertNever } from '../../common/assert-never';
import { allNotificationsMuted } from '../notifications/notification-routing';
import type { TrayConnection, TrayInput, TrayJob, TrayQueue } from './tray-state';

/** The tray's view of the live model's connection; `undefined` = no live model running. */
export function trayConnection(state: LiveConnectionState | undefined, activeManager: ManagerProfile | undefined): TrayConnection {
  if (activeManager === undefined) return 'not-configured';
  if (state === undefined) return 'connecting';
  switch (state.kind) {
    case 'connecting':
      return 'connecting';
    case 'live':
      return 'live';
    case 'polling':
      return 'polling';
    case 'stopped':
      return 'offline';
    default:
      return assertNever(state, 'live connection state');
  }
}

/** The jobs the tray lists: the active ones, most recently updated first. */
export function trayJobs(jobs: readonly JobSummary[]): readonly TrayJob[] {
  return jobs
    .filter((job) => job.status === 'active')
    .toSorted((left, right) => right.updated.localeCompare(left.updated))
    .map((job) => ({ id: job.id, name: job.name, stepsCompleted: job.stepsCompleted, stepsTotal: job.stepsTotal }));
}

/** The parts of the app the tray reads; each defaults to "nothing there". */
export type TraySources = {
  readonly settings: () => AppSettings;
  readonly activeManager: () => ManagerProfile | undefined;
  readonly connection?: () => LiveConnectionState | undefined;
  readonly jobs?: () => readonly JobSummary[];
  /** Uploads running now (also drive the taskbar progress). */
  readonly transfers?: () => readonly TransferProgress[];
  readonly queue?: () => TrayQueue | undefined;
  /** Pauses or resumes the submission queue; without it the tray opens the queue screen. */
  readonly setQueuePaused?: (paused: boolean) => void;
  readonly attention?: () => number;
};

/** Reads the sources into the plain {@link TrayInput} that `trayState` takes. */
export function readTrayInput(sources: TraySources): TrayInput {
  const manager = sources.activeManager();
  return {
    connection: trayConnection(sources.connection?.(), manager),
    managerName: manager?.name,
    activeJobs: trayJobs(sources.jobs?.() ?? []),
    activeUploads: sources.transfers?.().length ?? 0,
    queue: sources.queue?.(),
    attention: sources.attention?.() ?? 0,
    notificationsMuted: allNotificationsMuted(sources.settings().mutedNotifications),
  };
}
