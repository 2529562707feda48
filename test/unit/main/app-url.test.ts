import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryUrl, resolveAppFile } from '../../../electron/main/app-url';

const root = resolve('/srv/app/out/renderer');

describe('resolveAppFile', () => {
  it('maps the entry URL to index.html with its content type', () => {
    expect(resolveAppFile(root, appEntryUrl)).toEqual({ kind: 'file', path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
  });

  it('serves index.html for the bare origin', () => {
    expect(resolveAppFile(root, 'app://renderer/')).toEqual({ kind: 'file', path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
  });

  it('maps nested assets and ignores the query string', () => {
    expect(resolveAppFile(root, 'app://renderer/assets/index-1.js?v=2#x')).toEqual({ kind: 'file', path: join(root, 'assets', 'index-1.js'), contentType: 'text/javascript; charset=utf-8' });
  });

  it('keeps plain dot-dot segments inside the folder because URL parsing folds them', () => {
    expect(resolveAppFile(root, 'app://renderer/../../etc/passwd.css')).toEqual({ kind: 'file', path: join(root, 'etc', 'passwd.css'), contentType: 'text/css; charset=utf-8' });
  });

  it('keeps percent-encoded dot-dot segments inside too (URL parsing folds them as well)', () => {
    expect(resolveAppFile(root, 'app://renderer/%2e%2e/%2e%2e/secret.js')).toEqual({ kind: 'file', path: join(root, 'secret.js'), contentType: 'text/javascript; charset=utf-8' });
  });

  it.each([
    ['encoded slash and dot-dot', 'app://renderer/assets%2f..%2f..%2fsecret.js', 'path escapes the renderer folder'],
    ['a backslash', 'app://renderer/..%5c..%5csecret.js', 'illegal character'],
    ['a NUL byte', 'app://renderer/index.html%00.js', 'illegal character'],
    ['a drive letter', 'app://renderer/C:/Windows/win.ini.js', 'path escapes the renderer folder'],
    ['a malformed escape', 'app://renderer/%E0%A4%A.js', 'malformed escape'],
    ['another host', 'app://evil/index.html', 'host evil'],
    ['another scheme', 'file:///etc/passwd', 'scheme file:'],
  ])('refuses %s', (_name, url, reason) => {
    expect(resolveAppFile(root, url)).toEqual({ kind: 'forbidden', reason });
  });

  it('answers not-found for file types the renderer never has', () => {
    expect(resolveAppFile(root, 'app://renderer/tool.exe')).toEqual({ kind: 'not-found' });
  });
});
