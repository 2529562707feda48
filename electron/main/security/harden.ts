import type { App, Session, WebContents } from 'electron';
import type { Logger } from '../../core/logging/rotating-log';
import type { ExternalLinkContext, WebPolicyContext } from './web-policy';
import { isNavigationAllowed, isPermissionGranted, windowOpenDecision } from './web-policy';

/** What the hardening needs: the policies' inputs and where allowed links go. */
export type HardenOptions = {
  readonly policy: WebPolicyContext;
  readonly links: () => ExternalLinkContext;
  readonly openExternal: (url: string) => Promise<void>;
  readonly logger: Logger;
};

/** Denies every permission request and check except what {@link isPermissionGranted} allows. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, options: HardenOptions): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const granted = isPermissionGranted(permission, details.requestingUrl ?? contents?.getURL() ?? '', options.policy);
    if (!granted) options.logger.log('info', 'permission denied', { permission });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin, options.policy));
}

/** Applies the navigation rules to one page: no navigation away, no new windows, no webviews. */
export function hardenContents(contents: WebContents, options: HardenOptions): void {
  const refuseNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (isNavigationAllowed(url, options.policy)) return;
    event.preventDefault();
    options.logger.log('warn', 'navigation blocked', { url });
  };
  contents.on('will-navigate', (event) => refuseNavigation(event, event.url));
  contents.on('will-redirect', (event) => refuseNavigation(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url, options.links());
    if (decision.openExternally) {
      options.openExternal(url).catch((error: unknown) => options.logger.log('warn', 'could not open link', { message: String(error) }));
    } else {
      options.logger.log('warn', 'new window blocked', { url });
    }
    return { action: decision.action };
  });
}

/** Hardens every page the app ever creates, including ones we did not expect. */
export function hardenApp(app: Pick<App, 'on'>, options: HardenOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, options));
}
