import type { Core } from '../../create-core';
import type { HandlersFor, HostKind } from '../contract-handlers';

/** About the app, and its settings. */
export function appHandlers(core: Core, host: HostKind): HandlersFor<'app:info' | 'settings:get' | 'settings:update'> {
  return {
    'app:info': () => ({
      version: core.options.appVersion,
      host,
      platform: process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'darwin' : 'linux',
      dataDirectory: core.options.paths.dataDirectory,
    }),
    'settings:get': () => core.settings.read(),
    'settings:update': (changes) => core.settings.update(changes),
  };
}
