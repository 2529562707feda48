import { describe, expect, it } from 'vitest';
import { nativeOpener } from '../../../../electron/main/platform/opener';

function fakeShell(openPathAnswer = '') {
  const opened: string[] = [];
  return {
    opened,
    shell: {
      openPath: async (path: string) => {
        opened.push(`path ${path}`);
        return openPathAnswer;
      },
      openExternal: async (url: string) => {
        opened.push(`url ${url}`);
      },
    },
  };
}

describe('nativeOpener', () => {
  it('opens allowed links and refuses others with a typed error', async () => {
    const { shell, opened } = fakeShell();
    const opener = nativeOpener(shell, () => ({ activeManagerUrl: 'http://farm.local:8080' }));
    await opener.openExternal('http://farm.local:8080/app/jobs/1');
    const refused = await opener.openExternal('https://evil.example/').then(
      () => undefined,
      (error: unknown) => (error as { code: string; message: string }).code,
    );
    expect({ opened, refused }).toEqual({ opened: ['url http://farm.local:8080/app/jobs/1'], refused: 'invalid-argument' });
  });

  it('turns a failed openPath into an error', async () => {
    const { shell } = fakeShell('No application');
    await expect(nativeOpener(shell, () => ({ activeManagerUrl: undefined })).openPath('/renders')).rejects.toMatchObject({ code: 'file-unreadable', message: 'Could not open /renders: No application' });
  });
});
