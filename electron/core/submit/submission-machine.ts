/**
 * The submission state machine lives in common (`common/domain/submission-machine.ts`) so the
 * renderer offers exactly the actions core accepts; core code imports it from here too.
 */
export type { SubmissionEvent, TransitionResult } from '../../common/domain/submission-machine';
export { availableActions, mayHaveJob, recoverAfterRestart, resumePointOf, stateAt, transition } from '../../common/domain/submission-machine';
