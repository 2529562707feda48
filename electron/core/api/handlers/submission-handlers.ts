import type { Core } from '../../create-core';
import type { HandlersFor } from '../contract-handlers';

type SubmissionChannels =
  | 'queue:list'
  | 'queue:preflight'
  | 'queue:submit'
  | 'queue:pause'
  | 'queue:resume'
  | 'queue:cancel'
  | 'queue:retry'
  | 'queue:confirm-scout'
  | 'queue:edit'
  | 'queue:remove'
  | 'presets:list'
  | 'presets:save'
  | 'presets:remove'
  | 'presets:default';

/** The submission queue and presets. */
export function submissionHandlers(core: Core): HandlersFor<SubmissionChannels> {
  const { queue, presets } = core.submissions;
  return {
    'queue:list': () => queue.list(),
    'queue:preflight': (request) => queue.preflight(request),
    'queue:submit': (request) => queue.submit(request),
    'queue:pause': ({ id }) => queue.pause(id),
    'queue:resume': ({ id }) => queue.resume(id),
    'queue:cancel': ({ id }) => queue.cancel(id),
    'queue:retry': ({ id }) => queue.retry(id),
    'queue:confirm-scout': ({ id }) => queue.confirmScout(id),
    'queue:edit': ({ id, changes }) => queue.edit(id, changes),
    'queue:remove': ({ id }) => queue.remove(id),
    'presets:list': () => presets.list(),
    'presets:save': (input) => presets.save(input),
    'presets:remove': ({ id }) => presets.remove(id),
    'presets:default': ({ managerId, jobType }) => presets.defaultFor(managerId, jobType) ?? null,
  };
}
