import { z } from 'zod';
import { defaultSettings } from '../../common/domain/settings';
import type { AppSettings, SettingKey } from '../../common/domain/settings';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import { CoreError } from '../errors';

const settingSchemas = {
  theme: z.enum(['system', 'light', 'dark']),
  uploadConcurrency: z.number().int().min(1).max(32),
  mutedNotifications: z.array(z.string()),
  blenderPaths: z.array(z.string().min(1)),
  preferredBlender: z.string().min(1).nullable(),
  hotFolders: z.array(z.object({ path: z.string().min(1), presetId: z.string().nullable() })),
  autoUpdate: z.boolean(),
  trayHintShown: z.boolean(),
} satisfies { [K in SettingKey]: z.ZodType<AppSettings[K]> };

/** Typed settings over the key/value store: validates writes and fills defaults on read. */
export class SettingsService {
  private readonly repository: SettingsRepository;
  private readonly listeners = new Set<(settings: AppSettings) => void>();

  constructor(repository: SettingsRepository) {
    this.repository = repository;
  }

  /** Every setting; stored values that no longer validate fall back to the default. */
  read(): AppSettings {
    const stored = this.repository.readAll();
    const result: Record<string, unknown> = { ...defaultSettings };
    for (const key of Object.keys(settingSchemas) as SettingKey[]) {
      const parsed = settingSchemas[key].safeParse(stored.get(key));
      if (parsed.success) result[key] = parsed.data;
    }
    return result as AppSettings;
  }

  /** Validates and stores a partial update, then tells listeners. */
  update(changes: Partial<AppSettings>): AppSettings {
    for (const [key, value] of Object.entries(changes)) {
      if (!(key in settingSchemas)) throw new CoreError('invalid-argument', `Unknown setting “${key}”.`);
      const parsed = settingSchemas[key as SettingKey].safeParse(value);
      if (!parsed.success) throw new CoreError('invalid-argument', `Invalid value for setting “${key}”: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
      this.repository.write(key, parsed.data);
    }
    const settings = this.read();
    for (const listener of this.listeners) listener(settings);
    return settings;
  }

  /** Calls `listener` after every update; returns the unsubscribe function. */
  onChange(listener: (settings: AppSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
