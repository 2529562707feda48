/** Which screen is shown, and which job is open. */
import type { JobId } from '../../../electron/common/domain/farm';

/** The screens of the app, in sidebar order. */
export const screens = ['submit', 'queue', 'jobs', 'workers', 'settings'] as const;
/** One of {@link screens}. */
export type Screen = (typeof screens)[number];

/** Navigation state; one instance, {@link navigation}. */
export class NavigationState {
  screen = $state<Screen>('submit');
  /** The job whose detail is open on the Jobs screen. */
  jobId = $state<JobId | undefined>(undefined);
  /** The queue entry to highlight (a notification click). */
  submissionId = $state<string | undefined>(undefined);

  /** Shows a screen. */
  go(screen: Screen): void {
    this.screen = screen;
  }

  /** Shows a job's detail. */
  openJob(jobId: JobId): void {
    this.screen = 'jobs';
    this.jobId = jobId;
  }

  /** Closes the job detail. */
  closeJob(): void {
    this.jobId = undefined;
  }
}

/** The one navigation state of the page. */
export const navigation = new NavigationState();
