import type { OpenDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { nativeDialogs } from '../../../../electron/main/platform/dialogs';

describe('nativeDialogs', () => {
  it('asks for .blend files with a filter and returns the chosen paths', async () => {
    const asked: OpenDialogOptions[] = [];
    const dialogs = nativeDialogs(async (options) => {
      asked.push(options);
      return { canceled: false, filePaths: ['/a.blend', '/b.blend'] };
    });
    const chosen = await dialogs.chooseFiles({ title: 'Choose scenes', extensions: ['blend'], multiple: true });
    expect({ chosen, asked }).toEqual({
      chosen: ['/a.blend', '/b.blend'],
      asked: [{ title: 'Choose scenes', properties: ['openFile', 'multiSelections'], filters: [{ name: '.blend', extensions: ['blend'] }] }],
    });
  });

  it('answers nothing when the user cancels', async () => {
    const dialogs = nativeDialogs(async () => ({ canceled: true, filePaths: ['/ignored'] }));
    expect([await dialogs.chooseFiles({ title: 't' }), await dialogs.chooseDirectory({ title: 't' })]).toEqual([[], undefined]);
  });

  it('chooses one folder', async () => {
    const asked: OpenDialogOptions[] = [];
    const dialogs = nativeDialogs(async (options) => {
      asked.push(options);
      return { canceled: false, filePaths: ['/renders'] };
    });
    expect({ chosen: await dialogs.chooseDirectory({ title: 'Output' }), asked }).toEqual({ chosen: '/renders', asked: [{ title: 'Output', properties: ['openDirectory', 'createDirectory'] }] });
  });
});
