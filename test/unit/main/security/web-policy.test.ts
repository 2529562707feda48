import { describe, expect, it } from 'vitest';
import {
  devServerUrl,
  isExternalUrlAllowed,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedPageUrl,
  isTrustedSender,
  windowOpenDecision,
} from '../../../../electron/main/security/web-policy';

const packaged = { packaged: true, devServerUrl: 'http://localhost:5173' };
const development = { packaged: false, devServerUrl: 'http://localhost:5173' };

describe('web policy', () => {
  it('trusts app:// pages always and the dev server only when not packaged', () => {
    const urls = ['app://renderer/index.html', 'http://localhost:5173/', 'http://localhost:5174/', 'https://evil.example/', 'file:///index.html', 'not a url'];
    expect({
      packaged: urls.map((url) => isTrustedPageUrl(url, packaged)),
      development: urls.map((url) => isTrustedPageUrl(url, development)),
    }).toEqual({
      packaged: [true, false, false, false, false, false],
      development: [true, true, false, false, false, false],
    });
  });

  it('ignores the dev server URL in a packaged app', () => {
    expect([devServerUrl(packaged), devServerUrl(development), devServerUrl({ packaged: false, devServerUrl: undefined })]).toEqual([undefined, 'http://localhost:5173', undefined]);
  });

  it('answers IPC only from the main frame of our page', () => {
    expect([
      isTrustedSender({ url: 'app://renderer/index.html', isMainFrame: true }, packaged),
      isTrustedSender({ url: 'app://renderer/index.html', isMainFrame: false }, packaged),
      isTrustedSender({ url: 'https://farm.local/', isMainFrame: true }, packaged),
      isTrustedSender(null, packaged),
      isTrustedSender(undefined, packaged),
    ]).toEqual([true, false, false, false, false]);
  });

  it('allows navigation only between our own pages', () => {
    expect([isNavigationAllowed('app://renderer/index.html', packaged), isNavigationAllowed('https://farm.local/', packaged)]).toEqual([true, false]);
  });

  it('opens external links only over http(s) to the active Manager or the manual', () => {
    const links = { activeManagerUrl: 'http://farm.local:8080/' };
    const urls = [
      'http://farm.local:8080/app/jobs/1',
      'https://flamenco.blender.org/usage/',
      'http://farm.local:9090/',
      'https://evil.example/',
      'http://user:pw@farm.local:8080/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://farm.local/share',
      'garbage',
    ];
    expect(urls.map((url) => isExternalUrlAllowed(url, links))).toEqual([true, true, false, false, false, false, false, false, false]);
  });

  it('refuses Manager links when no Manager is active', () => {
    expect(isExternalUrlAllowed('http://farm.local:8080/', { activeManagerUrl: undefined })).toBe(false);
  });

  it('never opens a new window, and hands allowed links to the browser', () => {
    expect([
      windowOpenDecision('https://flamenco.blender.org/', { activeManagerUrl: undefined }),
      windowOpenDecision('https://evil.example/', { activeManagerUrl: undefined }),
    ]).toEqual([
      { action: 'deny', openExternally: true },
      { action: 'deny', openExternally: false },
    ]);
  });

  it('denies permissions except clipboard writes from our page', () => {
    expect([
      isPermissionGranted('clipboard-sanitized-write', 'app://renderer/index.html', packaged),
      isPermissionGranted('clipboard-sanitized-write', 'https://evil.example/', packaged),
      isPermissionGranted('media', 'app://renderer/index.html', packaged),
      isPermissionGranted('notifications', 'app://renderer/index.html', packaged),
      isPermissionGranted('geolocation', 'app://renderer/index.html', packaged),
    ]).toEqual([true, false, false, false, false]);
  });
});
