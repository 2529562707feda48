import { assertNever } from '../../common/assert-never';

/** How the app reaches the active Manager, as far as the tray cares. */
export type TrayConnection = 'not-configured' | 'connecting' | 'live' | 'polling' | 'offline';

/** A job the tray lists with its progress. */
export type TrayJob = {
  readonly id: string;
  readonly name: string;
  readonly stepsCompleted: number;
  readonly stepsTotal: number;
};

/** The offline submission queue, when the app has one. */
export type TrayQueue = {
  readonly paused: boolean;
  /** Submissions waiting or uploading. */
  readonly pending: number;
};

/** Everything the tray is computed from: plain data read from core. */
export type TrayInput = {
  readonly connection: TrayConnection;
  readonly managerName: string | undefined;
  /** Jobs rendering on the farm that this app submitted or watches. */
  readonly activeJobs: readonly TrayJob[];
  /** Uploads running now. */
  readonly activeUploads: number;
  readonly queue: TrayQueue | undefined;
  /** Failed jobs and uploads the user has not looked at yet. */
  readonly attention: number;
  /** True when every notification kind is muted. */
  readonly notificationsMuted: boolean;
};

/** The tray icon's look; one image per state in resources/tray. */
export type TrayIcon = 'idle' | 'rendering' | 'attention' | 'offline';

/** Every tray icon state (packaging checks that each has its images). */
export const trayIcons = Object.keys({ idle: true, rendering: true, attention: true, offline: true } satisfies Record<TrayIcon, true>) as readonly TrayIcon[];

/** What a tray menu item does when clicked. */
export type TrayAction =
  | { readonly kind: 'open-window' }
  | { readonly kind: 'open-job'; readonly jobId: string }
  | { readonly kind: 'pause-queue' }
  | { readonly kind: 'resume-queue' }
  | { readonly kind: 'toggle-notifications' }
  | { readonly kind: 'quit' };

/** One line of the tray menu, as plain data (tray.ts turns it into an Electron Menu). */
export type TrayMenuItem =
  | { readonly kind: 'action'; readonly label: string; readonly action: TrayAction; readonly enabled: boolean }
  | { readonly kind: 'checkbox'; readonly label: string; readonly action: TrayAction; readonly checked: boolean }
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'separator' };

/** The whole tray: icon, tooltip and menu. */
export type TrayState = {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  readonly menu: readonly TrayMenuItem[];
};

// The menu lists at most this many jobs; the window shows the rest.
const listedJobs = 5;

/** Which icon to show: what needs the user first, then whether the farm is reachable. */
export function trayIcon(input: TrayInput): TrayIcon {
  if (input.attention > 0) return 'attention';
  switch (input.connection) {
    case 'offline':
    case 'not-configured':
      return 'offline';
    case 'connecting':
    case 'live':
    case 'polling':
      return input.activeJobs.length > 0 || input.activeUploads > 0 ? 'rendering' : 'idle';
    default:
      return assertNever(input.connection, 'tray connection');
  }
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function connectionText(input: TrayInput): string {
  const name = input.managerName ?? 'the farm';
  switch (input.connection) {
    case 'not-configured':
      return 'No Manager set up';
    case 'connecting':
      return `Connecting to ${name}`;
    case 'live':
      return `Connected to ${name}`;
    case 'polling':
      return `Connected to ${name} (polling)`;
    case 'offline':
      return `${name} is unreachable`;
    default:
      return assertNever(input.connection, 'tray connection');
  }
}

/** Progress of a job as a whole percentage (0 when the Manager has not counted steps yet). */
export function jobPercent(job: TrayJob): number {
  if (job.stepsTotal <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((job.stepsCompleted / job.stepsTotal) * 100)));
}

/** The tooltip: product name, connection, then the counts that are not zero. */
export function trayTooltip(input: TrayInput): string {
  const counts = [
    input.activeJobs.length > 0 ? `${plural(input.activeJobs.length, 'job')} rendering` : undefined,
    input.activeUploads > 0 ? `${plural(input.activeUploads, 'upload')} running` : undefined,
    input.queue !== undefined && input.queue.pending > 0 ? `${plural(input.queue.pending, 'submission')} queued${input.queue.paused ? ' (paused)' : ''}` : undefined,
    input.attention > 0 ? `${input.attention} need${input.attention === 1 ? 's' : ''} attention` : undefined,
  ].filter((part): part is string => part !== undefined);
  return ['Flamenco Desk', connectionText(input), ...(counts.length === 0 ? ['Nothing running'] : counts)].join('\n');
}

/** The tray menu: open, active jobs with progress, queue pause/resume, notifications, quit. */
export function trayMenu(input: TrayInput): readonly TrayMenuItem[] {
  const jobs: TrayMenuItem[] =
    input.activeJobs.length === 0
      ? [{ kind: 'label', label: 'No active jobs' }]
      : input.activeJobs.slice(0, listedJobs).map((job) => ({ kind: 'action', label: `${job.name} — ${jobPercent(job)}%`, action: { kind: 'open-job', jobId: job.id }, enabled: true }));
  if (input.activeJobs.length > listedJobs) jobs.push({ kind: 'label', label: `and ${input.activeJobs.length - listedJobs} more…` });
  const queue: TrayMenuItem[] =
    input.queue === undefined
      ? []
      : [
          input.queue.paused
            ? { kind: 'action', label: 'Resume the queue', action: { kind: 'resume-queue' }, enabled: true }
            : { kind: 'action', label: 'Pause the queue', action: { kind: 'pause-queue' }, enabled: input.queue.pending > 0 },
        ];
  return [
    { kind: 'action', label: 'Open Flamenco Desk', action: { kind: 'open-window' }, enabled: true },
    { kind: 'separator' },
    ...jobs,
    { kind: 'separator' },
    ...queue,
    { kind: 'checkbox', label: 'Notifications', action: { kind: 'toggle-notifications' }, checked: !input.notificationsMuted },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit', action: { kind: 'quit' }, enabled: true },
  ];
}

/** The tray as a pure function of core's state. */
export function trayState(input: TrayInput): TrayState {
  return { icon: trayIcon(input), tooltip: trayTooltip(input), menu: trayMenu(input) };
}
