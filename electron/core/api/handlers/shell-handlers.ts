import { stat } from 'node:fs/promises';
import type { Core } from '../../create-core';
import { CoreError } from '../../errors';
import type { Dialogs, Opener } from '../../ports';
import { diagnosticsText } from '../../shell/diagnostics';
import type { HandlersFor, HostKind } from '../contract-handlers';

/** What only the host knows: files handed to it from outside, its runtime and its log. */
export type ShellHost = {
  /** Files that arrived before the window listened; taking them empties the list. */
  takePendingFiles(): readonly string[];
  /** Runtime versions, e.g. `{ electron, chrome, node }`. */
  versions(): Readonly<Record<string, string>>;
  /** Named folders besides the data folder (logs...). */
  paths(): Readonly<Record<string, string>>;
  /** The last lines of the host's log. */
  recentLogLines(): Promise<readonly string[]>;
};

/** The shell of a host without windows (the bridge, tests): no pending files, no log. */
export const headlessShell: ShellHost = {
  takePendingFiles: () => [],
  versions: () => ({ node: process.versions.node }),
  paths: () => ({}),
  recentLogLines: async () => [],
};

function requireDialogs(core: Core): Dialogs {
  if (core.options.dialogs === undefined) throw new CoreError('internal', 'This host cannot show file dialogs.');
  return core.options.dialogs;
}

function requireOpener(core: Core): Opener {
  if (core.options.opener === undefined) throw new CoreError('internal', 'This host cannot open folders or links.');
  return core.options.opener;
}

/** Files, folders, links and diagnostics: the host's abilities behind core's ports. */
export function shellHandlers(
  core: Core,
  host: HostKind,
  shell: ShellHost,
): HandlersFor<'shell:pending-files' | 'shell:choose-files' | 'shell:choose-directory' | 'shell:open-folder' | 'shell:open-external' | 'shell:diagnostics'> {
  return {
    'shell:pending-files': () => shell.takePendingFiles(),
    'shell:choose-files': (request) => requireDialogs(core).chooseFiles(request),
    'shell:choose-directory': async (request) => (await requireDialogs(core).chooseDirectory(request)) ?? null,
    'shell:open-folder': async ({ path }) => {
      // Only folders: opening a file would let the renderer launch an executable.
      const found = await stat(path).catch(() => undefined);
      if (found === undefined) throw new CoreError('file-missing', `The folder ${path} does not exist.`);
      if (!found.isDirectory()) throw new CoreError('invalid-argument', `${path} is not a folder.`);
      await requireOpener(core).openPath(path);
    },
    'shell:open-external': ({ url }) => requireOpener(core).openExternal(url),
    'shell:diagnostics': async () =>
      diagnosticsText({
        appVersion: core.options.appVersion,
        host,
        platform: process.platform,
        architecture: process.arch,
        versions: shell.versions(),
        paths: { data: core.options.paths.dataDirectory, temporary: core.options.paths.temporaryDirectory, ...shell.paths() },
        settings: core.settings.read(),
        managers: core.managerProfiles.list().map((profile) => ({ name: profile.name, url: profile.url, isActive: profile.isActive })),
        recentLogLines: await shell.recentLogLines(),
        generatedAt: new Date(core.clock.now()).toISOString(),
      }),
  };
}
