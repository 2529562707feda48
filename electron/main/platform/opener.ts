import type { Shell } from 'electron';
import { CoreError } from '../../core/errors';
import type { Opener } from '../../core/ports';
import type { ExternalLinkContext } from '../security/web-policy';
import { isExternalUrlAllowed } from '../security/web-policy';

/**
 * Folders open in the file manager; web pages in the browser, but only those the
 * allow-list accepts (the active Manager, the manual) so a compromised page cannot send
 * the user anywhere, nor launch `file:` or custom-scheme handlers.
 */
export function nativeOpener(shell: Pick<Shell, 'openPath' | 'openExternal'>, links: () => ExternalLinkContext): Opener {
  return {
    async openPath(path) {
      const problem = await shell.openPath(path);
      if (problem !== '') throw new CoreError('file-unreadable', `Could not open ${path}: ${problem}`);
    },
    async openExternal(url) {
      if (!isExternalUrlAllowed(url, links())) {
        throw new CoreError('invalid-argument', 'Only links to the active Manager or the Flamenco manual can be opened.', { details: { url } });
      }
      await shell.openExternal(url);
    },
  };
}
