import { randomUUID } from 'node:crypto';
import type { ManagerProfileInput } from '../../../common/ipc/contract';
import type { ManagerId, ManagerProfile } from '../../../common/domain/manager-profile';
import { secretHeaderKey } from '../../../common/domain/manager-profile';
import type { Core } from '../../create-core';
import { CoreError } from '../../errors';
import type { HandlersFor } from '../contract-handlers';

/** Manager profiles: list, save (secrets to the SecretStore), remove, activate. */
export function managerHandlers(core: Core): HandlersFor<'managers:list' | 'managers:save' | 'managers:remove' | 'managers:activate'> {
  return {
    'managers:list': () => core.managerProfiles.list(),
    'managers:save': async (input) => saveProfile(core, input),
    'managers:remove': async ({ id }) => {
      const profile = requireProfile(core, id);
      for (const name of profile.secretHeaderNames) await core.options.secrets.delete(secretHeaderKey(id, name));
      core.managerProfiles.delete(id);
      core.events.emit('managers:changed', core.managerProfiles.list());
    },
    'managers:activate': ({ id }) => {
      requireProfile(core, id);
      core.managerProfiles.setActive(id);
      core.events.emit('managers:changed', core.managerProfiles.list());
    },
  };
}

function requireProfile(core: Core, id: ManagerId): ManagerProfile {
  const profile = core.managerProfiles.get(id);
  if (profile === undefined) throw new CoreError('not-found', `No Manager profile ${id}.`);
  return profile;
}

async function saveProfile(core: Core, input: ManagerProfileInput): Promise<ManagerProfile> {
  const existing = input.id === undefined ? undefined : requireProfile(core, input.id);
  const id = existing?.id ?? (randomUUID() as ManagerId);
  const secretNames = new Set(existing?.secretHeaderNames ?? []);
  for (const [name, value] of Object.entries(input.secretHeaders)) {
    if (value === null) continue;
    secretNames.add(name.toLowerCase());
    await core.options.secrets.set(secretHeaderKey(id, name), value);
  }
  const profile: ManagerProfile = {
    id,
    name: input.name.trim(),
    url: input.url,
    extraHeaders: input.extraHeaders,
    secretHeaderNames: [...secretNames],
    isActive: existing?.isActive ?? core.managerProfiles.getActive() === undefined,
    createdAt: existing?.createdAt ?? core.clock.now(),
  };
  core.managerProfiles.save(profile);
  if (profile.isActive) core.managerProfiles.setActive(id);
  core.events.emit('managers:changed', core.managerProfiles.list());
  return profile;
}
