import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/common/domain/settings';
import { diagnosticsText, redactSecrets } from '../../../../electron/core/shell/diagnostics';

describe('redactSecrets', () => {
  it('hides tokens, authorization values, bearer tokens and URL passwords', () => {
    expect(
      [
        'Authorization: Bearer abc.def',
        'token=s3cr3t&x=1',
        '{"password":"hunter2"}',
        'GET http://user:pass@farm.local/api',
        'bearer xyz123',
        'nothing to hide here',
      ].map(redactSecrets),
    ).toEqual([
      'Authorization: [redacted]',
      'token=[redacted]&x=1',
      '{"password":[redacted]}',
      'GET http://[redacted]@farm.local/api',
      'Bearer [redacted]',
      'nothing to hide here',
    ]);
  });
});

describe('diagnosticsText', () => {
  it('lists versions, folders, settings, Managers without user info, and redacted log lines', () => {
    const text = diagnosticsText({
      appVersion: '0.1.0',
      host: 'electron',
      platform: 'linux',
      architecture: 'x64',
      versions: { electron: '45.5.0', node: '22.1.0' },
      paths: { data: '/data', logs: '/data/logs' },
      settings: defaultSettings,
      managers: [
        { name: 'Studio', url: 'http://admin:pw@farm.local:8080/', isActive: true },
        { name: 'Home', url: 'http://home.local:8080/', isActive: false },
      ],
      recentLogLines: ['2026-01-01T00:00:00.000Z INFO  started', '2026-01-01T00:00:01.000Z WARN  header X-Token: abc'],
      generatedAt: '2026-01-01T00:00:02.000Z',
    });
    expect(text).toBe(
      [
        'Flamenco Desk 0.1.0 (electron)',
        'Generated: 2026-01-01T00:00:02.000Z',
        'Platform: linux x64',
        '',
        'Versions:',
        '  electron: 45.5.0',
        '  node: 22.1.0',
        '',
        'Folders:',
        '  data: /data',
        '  logs: /data/logs',
        '',
        'Settings:',
        '  theme: "system"',
        '  uploadConcurrency: 4',
        '  mutedNotifications: []',
        '  blenderPaths: []',
        '  preferredBlender: null',
        '  hotFolders: []',
        '  autoUpdate: false',
        '  trayHintShown: false',
        '',
        'Managers:',
        '  * Studio: http://farm.local:8080/',
        '  - Home: http://home.local:8080/',
        '',
        'Recent log (2 lines):',
        '  2026-01-01T00:00:00.000Z INFO  started',
        '  2026-01-01T00:00:01.000Z WARN  header X-Token: [redacted]',
        '',
      ].join('\n'),
    );
  });
});
