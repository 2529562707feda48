import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { appScheme, resolveAppFile } from './app-url';

/** Headers every `app://` answer carries. */
export function appResponseHeaders(contentType: string, contentSecurityPolicy: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

/**
 * Answers one `app://` request from the built renderer folder: the file with the CSP
 * header, 404 for what is not there, 403 for paths that try to leave the folder.
 */
export async function serveAppRequest(
  root: string,
  requestUrl: string,
  contentSecurityPolicy: string,
  read: (path: string) => Promise<Uint8Array> = readFile,
): Promise<Response> {
  const resolved = resolveAppFile(root, requestUrl);
  if (resolved.kind === 'forbidden') return new Response('Forbidden', { status: 403, headers: { 'Content-Type': 'text/plain' } });
  if (resolved.kind === 'not-found') return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  try {
    const body = await read(resolved.path);
    return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: appResponseHeaders(resolved.contentType, contentSecurityPolicy) });
  } catch {
    return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  }
}

/**
 * Declares `app://` as a standard, secure scheme (so it has an origin, fetch and CSP work)
 * that cannot be bypassed by CSP and does not get service workers. Must run before `ready`.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true, allowServiceWorkers: false, bypassCSP: false } },
  ]);
}

/** Serves the renderer folder over `app://` in the app's session. */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, root: string, contentSecurityPolicy: string): void {
  protocol.handle(appScheme, (request) => serveAppRequest(root, request.url, contentSecurityPolicy));
}
