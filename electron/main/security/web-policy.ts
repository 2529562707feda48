import { appOrigin } from '../app-url';

/** What the policies need to know about this run. */
export type WebPolicyContext = {
  readonly packaged: boolean;
  /** electron-vite's `ELECTRON_RENDERER_URL`; honoured only when not packaged. */
  readonly devServerUrl: string | undefined;
};

/** Web pages the user may be sent to from the app: the Flamenco manual. */
export const documentationOrigins: readonly string[] = ['https://flamenco.blender.org'];

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    // `app://renderer` has an opaque origin ("null") in the URL standard; compare by hand.
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
}

/** The dev server URL when it may be used: only in an unpackaged run. */
export function devServerUrl(context: WebPolicyContext): string | undefined {
  if (context.packaged || context.devServerUrl === undefined) return undefined;
  return originOf(context.devServerUrl) === undefined ? undefined : context.devServerUrl;
}

/** True when `url` is one of our own pages (app://, or the dev server when not packaged). */
export function isTrustedPageUrl(url: string, context: WebPolicyContext): boolean {
  const origin = originOf(url);
  if (origin === undefined) return false;
  if (origin === appOrigin) return true;
  const dev = devServerUrl(context);
  return dev !== undefined && origin === originOf(dev);
}

/** The frame that sent an IPC message, as Electron describes it. */
export type SenderFrame = {
  readonly url: string;
  readonly isMainFrame: boolean;
};

/** IPC is answered only for our own page's main frame; iframes and foreign pages are refused. */
export function isTrustedSender(frame: SenderFrame | null | undefined, context: WebPolicyContext): boolean {
  return frame !== null && frame !== undefined && frame.isMainFrame && isTrustedPageUrl(frame.url, context);
}

/** In-window navigation: only between our own pages (a reload); links go to the browser. */
export function isNavigationAllowed(url: string, context: WebPolicyContext): boolean {
  return isTrustedPageUrl(url, context);
}

/** What decides whether a link may open in the user's browser. */
export type ExternalLinkContext = {
  /** The active Manager's base URL: its web app, job pages and task logs. */
  readonly activeManagerUrl: string | undefined;
  readonly extraOrigins?: readonly string[];
};

/** Links open in the browser only for http(s) to the active Manager or the documentation. */
export function isExternalUrlAllowed(url: string, context: ExternalLinkContext): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  const allowed = [...documentationOrigins, ...(context.extraOrigins ?? [])];
  if (context.activeManagerUrl !== undefined) {
    const manager = originOf(context.activeManagerUrl);
    if (manager !== undefined) allowed.push(manager);
  }
  return allowed.includes(parsed.origin);
}

/** What a `window.open` or `target=_blank` link does: never a new window. */
export type WindowOpenDecision = { readonly action: 'deny'; readonly openExternally: boolean };

/** New windows are always denied; allowed links open in the user's browser instead. */
export function windowOpenDecision(url: string, context: ExternalLinkContext): WindowOpenDecision {
  return { action: 'deny', openExternally: isExternalUrlAllowed(url, context) };
}

/**
 * Permission requests (camera, notifications, geolocation…) are denied by default. The
 * one exception is writing plain text to the clipboard from our own page, which "copy
 * diagnostics" needs.
 */
export function isPermissionGranted(permission: string, requestingUrl: string, context: WebPolicyContext): boolean {
  return permission === 'clipboard-sanitized-write' && isTrustedPageUrl(requestingUrl, context);
}
