import type { InvokeArgs, InvokeChannel, InvokeResult } from '../../common/ipc/contract';
import type { Core } from '../create-core';
import { appHandlers } from './handlers/app-handlers';
import { blenderHandlers } from './handlers/blender-handlers';
import { farmHandlers } from './handlers/farm-handlers';
import { managerHandlers } from './handlers/manager-handlers';
import { submissionHandlers } from './handlers/submission-handlers';
import type { ShellHost } from './handlers/shell-handlers';
import { headlessShell, shellHandlers } from './handlers/shell-handlers';

/** Core's implementation of every invoke channel; hosts wrap these with their own checks. */
export type ContractHandlers = {
  readonly [C in InvokeChannel]: (args: InvokeArgs<C>) => Promise<InvokeResult<C>> | InvokeResult<C>;
};

/** The handlers of some channels: each area's file implements its own. */
export type HandlersFor<C extends InvokeChannel> = Pick<ContractHandlers, C>;

/** How the host describes itself in `app:info`. */
export type HostKind = 'electron' | 'bridge';

/**
 * Builds the handlers over a running core, one area file each. Each handler delegates to a
 * service in a line or two; the type makes a missing channel a compile error.
 */
export function createContractHandlers(core: Core, host: HostKind, shell: ShellHost = headlessShell): ContractHandlers {
  return {
    ...appHandlers(core, host),
    ...managerHandlers(core),
    ...farmHandlers(core),
    ...blenderHandlers(core),
    ...submissionHandlers(core),
    ...shellHandlers(core, host, shell),
  };
}
