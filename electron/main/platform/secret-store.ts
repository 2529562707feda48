import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import { CoreError } from '../../core/errors';
import type { SecretStore } from '../../core/ports';

/** The part of Electron's `safeStorage` the store uses (a fake in tests). */
export type Encryptor = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

/**
 * Secrets encrypted by the OS keychain (Electron's safeStorage: DPAPI, Keychain, libsecret
 * or kwallet) and kept base64-encoded in one JSON file in userData. Values are never
 * written in plain text: without encryption the store refuses with a typed error. Reads
 * of values that no longer decrypt (a changed keyring) answer `undefined`, so the user is
 * asked for the token again instead of the app failing.
 */
export function encryptedSecretStore(file: string, encryptor: Encryptor): SecretStore {
  let writing: Promise<void> = Promise.resolve();
  const load = async (): Promise<Record<string, string>> => {
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null) return {};
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return {};
    }
  };
  const save = async (values: Record<string, string>): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.tmp`;
    await writeFile(temporary, JSON.stringify(values), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  };
  // Writes are chained so two quick saves cannot lose each other's key.
  const serialized = (change: (values: Record<string, string>) => void): Promise<void> => {
    const next = writing.then(async () => {
      const values = await load();
      change(values);
      await save(values);
    });
    writing = next.catch(() => undefined);
    return next;
  };
  return {
    async get(key) {
      const stored = (await load())[key];
      if (stored === undefined || !encryptor.isEncryptionAvailable()) return undefined;
      try {
        return encryptor.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      if (!encryptor.isEncryptionAvailable()) {
        return Promise.reject(
          new CoreError('secret-store-unavailable', 'The system keychain is not available, so the token cannot be stored safely. Unlock or install a keyring (e.g. GNOME Keyring or KWallet) and try again.'),
        );
      }
      const encrypted = encryptor.encryptString(value).toString('base64');
      return serialized((values) => {
        values[key] = encrypted;
      });
    },
    delete(key) {
      return serialized((values) => {
        delete values[key];
      });
    },
  };
}
