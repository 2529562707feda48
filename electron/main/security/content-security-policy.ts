/**
 * The Content-Security-Policy of every `app://` response. The renderer reaches core only
 * through the preload, so it needs no network at all: no connect-src beyond itself, no
 * remote scripts, no eval. Styles allow 'unsafe-inline' because Svelte sets style
 * attributes at run time. renderer/index.html carries a meta policy too; a browser
 * enforces both, so the stricter one wins.
 */
export function contentSecurityPolicy(options: { readonly devServerUrl?: string } = {}): string {
  // electron-vite's dev server needs its own origin and its HMR socket.
  const dev = options.devServerUrl === undefined ? undefined : new URL(options.devServerUrl);
  const devSources = dev === undefined ? '' : ` ${dev.origin}`;
  const devSocket = dev === undefined ? '' : ` ${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
  const directives: readonly (readonly [string, string])[] = [
    ['default-src', `'self'${devSources}`],
    ['script-src', `'self'${devSources}`],
    ['style-src', `'self' 'unsafe-inline'${devSources}`],
    ['img-src', `'self' data: blob:${devSources}`],
    ['font-src', `'self'${devSources}`],
    ['connect-src', `'self'${devSources}${devSocket}`],
    ['media-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', "'self'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
