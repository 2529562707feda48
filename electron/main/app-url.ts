import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** The app's identity on Windows (notifications, taskbar); equals `appId` in build/electron-builder.yml. */
export const appUserModelId = 'org.flamenco-desk.app';

/** The privileged scheme the renderer is served from (never file://). */
export const appScheme = 'app';
/** The one host under {@link appScheme}; `app://renderer/index.html` is the page. */
export const appHost = 'renderer';
/** The origin of our own pages. */
export const appOrigin = `${appScheme}://${appHost}`;
/** The page the main window loads when packaged. */
export const appEntryUrl = `${appOrigin}/index.html`;

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

/** What `app://` answers for one request URL. */
export type AppFileResolution =
  | { readonly kind: 'file'; readonly path: string; readonly contentType: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'forbidden'; readonly reason: string };

/**
 * Maps an `app://renderer/...` URL to a file under `root`, refusing anything that would
 * leave it: other hosts, encoded `..` segments, backslashes, absolute paths and NUL bytes.
 * URL parsing already folds plain `..`; the checks below cover what it does not.
 */
export function resolveAppFile(root: string, requestUrl: string): AppFileResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'forbidden', reason: 'not a URL' };
  }
  if (url.protocol !== `${appScheme}:`) return { kind: 'forbidden', reason: `scheme ${url.protocol}` };
  if (url.host !== appHost) return { kind: 'forbidden', reason: `host ${url.host}` };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'forbidden', reason: 'malformed escape' };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'forbidden', reason: 'illegal character' };
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.' || /^[A-Za-z]:$/.test(segment))) {
    return { kind: 'forbidden', reason: 'path escapes the renderer folder' };
  }
  const relativePath = segments.length === 0 ? 'index.html' : segments.join(sep);
  const absoluteRoot = resolve(root);
  const path = resolve(absoluteRoot, relativePath);
  const inside = relative(absoluteRoot, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { kind: 'forbidden', reason: 'path escapes the renderer folder' };
  const contentType = contentTypes[extname(path).toLowerCase()];
  if (contentType === undefined) return { kind: 'not-found' };
  return { kind: 'file', path, contentType };
}
