import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/common/domain/settings';
import type { AppSettings } from '../../../../electron/common/domain/settings';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { SettingsRepository } from '../../../../electron/core/db/repositories/settings-repository';
import { CoreError } from '../../../../electron/core/errors';
import { SettingsService } from '../../../../electron/core/settings/settings-service';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

describe('SettingsService', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  beforeEach(() => {
    directory = makeTemporaryDirectory();
  });
  afterEach(() => directory.remove());

  const open = (): { service: SettingsService; close(): void } => {
    const database = openDatabase(join(directory.path, 'settings.sqlite3'));
    return { service: new SettingsService(new SettingsRepository(database)), close: () => database.close() };
  };

  it('starts from the defaults', () => {
    const { service, close } = open();
    expect(service.read()).toEqual(defaultSettings);
    close();
  });

  it('keeps updates across a reopen and tells listeners', () => {
    const first = open();
    const seen: AppSettings[] = [];
    first.service.onChange((settings) => seen.push(settings));
    first.service.update({ theme: 'dark', uploadConcurrency: 8 });
    first.close();
    const second = open();
    const expected = { ...defaultSettings, theme: 'dark', uploadConcurrency: 8 };
    expect(second.service.read()).toEqual(expected);
    expect(seen).toEqual([expected]);
    second.close();
  });

  it('refuses an invalid value and an unknown key without storing anything', () => {
    const { service, close } = open();
    expect(() => service.update({ uploadConcurrency: 0 })).toThrow(CoreError);
    expect(() => service.update({ colour: 'red' } as unknown as Partial<AppSettings>)).toThrow('Unknown setting');
    expect(service.read()).toEqual(defaultSettings);
    close();
  });
});
