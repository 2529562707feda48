import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Encryptor } from '../../../../electron/main/platform/secret-store';
import { encryptedSecretStore } from '../../../../electron/main/platform/secret-store';

// A reversible stand-in for the OS keychain: what matters is that the file never holds the plain value.
function fakeEncryptor(available: () => boolean): Encryptor {
  return {
    isEncryptionAvailable: available,
    encryptString: (plain) => Buffer.from([...Buffer.from(plain, 'utf8')].map((byte) => byte ^ 0x5a)),
    decryptString: (encrypted) => {
      if (encrypted.length === 0) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from([...encrypted].map((byte) => byte ^ 0x5a)).toString('utf8');
    },
  };
}

describe('encryptedSecretStore', () => {
  it('stores encrypted base64 only, readable by the owner only, and reads it back', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets.json');
    const store = encryptedSecretStore(file, fakeEncryptor(() => true));
    await Promise.all([store.set('manager:m1:header:authorization', 'Bearer t0ken-value'), store.set('manager:m1:header:x-key', 'k3y')]);
    const raw = readFileSync(file, 'utf8');
    const values = await Promise.all([store.get('manager:m1:header:authorization'), store.get('manager:m1:header:x-key'), store.get('missing')]);
    await store.delete('manager:m1:header:x-key');
    expect({
      plainInFile: raw.includes('t0ken') || raw.includes('k3y'),
      keys: Object.keys(JSON.parse(raw) as object).sort(),
      mode: process.platform === 'win32' ? 0o600 : statSync(file).mode & 0o777,
      values,
      afterDelete: await store.get('manager:m1:header:x-key'),
    }).toEqual({
      plainInFile: false,
      keys: ['manager:m1:header:authorization', 'manager:m1:header:x-key'],
      mode: 0o600,
      values: ['Bearer t0ken-value', 'k3y', undefined],
      afterDelete: undefined,
    });
  });

  it('refuses to store without encryption, with a typed error, and writes nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets.json');
    const store = encryptedSecretStore(file, fakeEncryptor(() => false));
    await expect(store.set('k', 'v')).rejects.toMatchObject({ code: 'secret-store-unavailable' });
    expect(() => statSync(file)).toThrow(/ENOENT/);
  });

  it('answers undefined for a value that no longer decrypts or when the keychain went away', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets.json');
    let available = true;
    const store = encryptedSecretStore(file, fakeEncryptor(() => available));
    await store.set('empty', '');
    await store.set('k', 'v');
    const broken = await store.get('empty');
    available = false;
    expect([broken, await store.get('k')]).toEqual([undefined, undefined]);
  });
});
