import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blendFilesFromArgv, LaunchFiles } from '../../../../electron/main/launch/launch-files';

const home = resolve('/home/artist');

describe('blendFilesFromArgv', () => {
  it('takes .blend paths from a packaged launch, resolving relative ones', () => {
    const argv = ['/opt/Flamenco Desk/flamenco-desk', '--no-sandbox', 'shot.blend', resolve('/projects/b.BLEND'), 'notes.txt'];
    expect(blendFilesFromArgv(argv, { workingDirectory: home, packaged: true })).toEqual([resolve(home, 'shot.blend'), resolve('/projects/b.BLEND')]);
  });

  it('skips the app path of an unpackaged run and the flags Chromium adds to a second instance', () => {
    const argv = ['/usr/lib/electron', '.', '--allow-file-access-from-files', '--original-process-start-time=1337', '-psn_0_1', 'a.blend'];
    expect(blendFilesFromArgv(argv, { workingDirectory: home, packaged: false })).toEqual([resolve(home, 'a.blend')]);
  });

  it('turns file URLs into paths, ignores other URLs and drops duplicates', () => {
    const file = resolve('/projects/my shot.blend');
    const argv = ['flamenco-desk', pathToFileURL(file).href, file, 'https://example.com/x.blend'];
    expect(blendFilesFromArgv(argv, { workingDirectory: home, packaged: true })).toEqual([file]);
  });

  it('finds nothing in a plain launch', () => {
    expect(blendFilesFromArgv(['flamenco-desk'], { workingDirectory: home, packaged: true })).toEqual([]);
  });
});

describe('LaunchFiles', () => {
  it('keeps files until the renderer asks, then delivers new ones directly', () => {
    const delivered: (readonly string[])[] = [];
    const files = new LaunchFiles((paths) => delivered.push(paths));
    files.add(['/a.blend']);
    files.add(['/a.blend', '/b.blend']);
    const first = files.take();
    files.add(['/c.blend']);
    const second = files.take();
    expect({ first, second, delivered }).toEqual({ first: ['/a.blend', '/b.blend'], second: [], delivered: [['/c.blend']] });
  });

  it('keeps files again while a reloaded page has not asked yet', () => {
    const delivered: (readonly string[])[] = [];
    const files = new LaunchFiles((paths) => delivered.push(paths));
    files.take();
    files.rendererGone();
    files.add(['/d.blend']);
    files.add([]);
    expect({ delivered, taken: files.take() }).toEqual({ delivered: [], taken: ['/d.blend'] });
  });
});
