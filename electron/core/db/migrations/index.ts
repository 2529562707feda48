import type { Migration } from '../migration';
import { settingsAndManagers } from './0010-settings-and-managers';
import { hashCacheAndUploadJournal } from './0030-hash-cache-and-upload-journal';
import { submissions } from './0040-submissions';

/** Every migration, oldest first. Append only. */
export const migrations: readonly Migration[] = [settingsAndManagers, hashCacheAndUploadJournal, submissions];
