import { describe, expect, it } from 'vitest';
import type { HashedPackFile, Sha256, TransferProgress } from '../../../../electron/common/domain/shaman';
import { CoreError } from '../../../../electron/core/errors';
import type { ShamanApi, ShamanFileSpec, ShamanNeededFile, UploadAnswer, UploadFileRequest } from '../../../../electron/core/shaman/shaman-client';
import { uploadPack } from '../../../../electron/core/shaman/upload';
import { immediateClock } from '../../../support/shaman-fixtures';

const file = (name: string, size: number): HashedPackFile => ({
  absolutePath: `/p/${name}`,
  packPath: name,
  size,
  outsideProject: false,
  sha256: name.padEnd(64, '0') as Sha256,
});

/** A scripted Shaman: `needed` answers each requirements round, `answers` each upload by path. */
function fakeShaman(needed: (round: number, files: readonly ShamanFileSpec[]) => readonly ShamanNeededFile[], answers: (path: string, attempt: number) => UploadAnswer | Error) {
  const uploads: { path: string; canDefer: boolean }[] = [];
  let round = 0;
  const client: Pick<ShamanApi, 'requirements' | 'uploadFile'> = {
    requirements: async (files) => needed(++round, files),
    uploadFile: async (request: UploadFileRequest) => {
      uploads.push({ path: request.packPath, canDefer: request.canDefer });
      request.onBytes?.(request.digest.size);
      const answer = answers(request.packPath, uploads.filter((upload) => upload.path === request.packPath).length);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { client, uploads };
}

const asNeeded = (files: readonly HashedPackFile[], status: 'unknown' | 'uploading'): ShamanNeededFile[] =>
  files.map((entry) => ({ sha: entry.sha256, size: entry.size, path: entry.packPath, status }));

describe('uploadPack', () => {
  it('sends unknown files before the ones someone else is uploading', async () => {
    const [a, b, c] = [file('a', 1), file('b', 2), file('c', 3)];
    const { client, uploads } = fakeShaman(
      (round) => (round === 1 ? [...asNeeded([a], 'uploading'), ...asNeeded([b, c], 'unknown')] : []),
      () => ({ kind: 'stored' }),
    );
    await uploadPack({ client, files: [a, b, c], rehash: () => Promise.reject(new Error('unused')), clock: immediateClock, parallel: 1 });
    expect(uploads.map((upload) => upload.path)).toEqual(['b', 'c', 'a']);
  });

  it('uploads a content once when two paths share it', async () => {
    const a = file('a', 5);
    const copy = { ...a, absolutePath: '/p/copy', packPath: 'copy' };
    const { client, uploads } = fakeShaman((round, files) => (round === 1 ? [{ ...files[0], status: 'unknown' } as ShamanNeededFile] : []), () => ({ kind: 'stored' }));
    const result = await uploadPack({ client, files: [a, copy], rehash: () => Promise.reject(new Error('unused')), clock: immediateClock });
    expect({ uploads: uploads.length, summary: result.summary }).toEqual({
      uploads: 1,
      summary: { filesUploaded: 1, bytesUploaded: 5, filesAlreadyStored: 0, rounds: 2, retries: 0, deferrals: 0 },
    });
  });

  it('retries a transient failure with backoff and counts it', async () => {
    const a = file('a', 4);
    const reset = new CoreError('manager-unreachable', 'reset', { details: { transient: true } });
    const { client } = fakeShaman((round) => (round === 1 ? asNeeded([a], 'unknown') : []), (_path, attempt) => (attempt < 3 ? reset : { kind: 'stored' }));
    const progress: TransferProgress[] = [];
    const result = await uploadPack({
      client,
      files: [a],
      rehash: () => Promise.reject(new Error('unused')),
      clock: immediateClock,
      backoff: { baseDelayMs: 1, maxDelayMs: 1 },
      onProgress: (snapshot) => progress.push(snapshot),
    });
    expect({ retries: result.summary.retries, last: progress.at(-1) }).toEqual({
      retries: 2,
      last: { phase: 'upload', filesDone: 1, filesTotal: 1, bytesDone: 4, bytesTotal: 4, bytesPerSecond: expect.any(Number), etaSeconds: 0 },
    });
  });

  it('does not retry a refusal that is not transient', async () => {
    const a = file('a', 4);
    const refused = new CoreError('manager-http', 'forbidden', { status: 403 });
    const { client, uploads } = fakeShaman((round) => (round === 1 ? asNeeded([a], 'unknown') : []), () => refused);
    await expect(uploadPack({ client, files: [a], rehash: () => Promise.reject(new Error('unused')), clock: immediateClock })).rejects.toBe(refused);
    expect(uploads.length).toBe(1);
  });

  it('gives up after the last round when Shaman keeps asking', async () => {
    const a = file('a', 4);
    const { client } = fakeShaman(() => asNeeded([a], 'uploading'), () => ({ kind: 'defer' }));
    const failure = await uploadPack({ client, files: [a], rehash: () => Promise.reject(new Error('unused')), clock: immediateClock, maxRounds: 3, backoff: { baseDelayMs: 0, maxDelayMs: 0 } }).catch(
      (error: unknown) => error,
    );
    expect(failure instanceof CoreError ? [failure.code, failure.details] : failure).toEqual(['manager-http', { rounds: 3, firstNeeded: 1 }]);
  });

  it('offers to defer until a file was deferred three times', async () => {
    const a = file('a', 4);
    const { client, uploads } = fakeShaman(
      () => asNeeded([a], 'uploading'),
      (_path, attempt) => (attempt <= 3 ? { kind: 'defer' } : { kind: 'stored' }),
    );
    const stop = { rounds: 0 };
    const wrapped = { ...client, requirements: async (files: readonly ShamanFileSpec[]) => (++stop.rounds <= 4 ? client.requirements(files) : []) };
    await uploadPack({ client: wrapped, files: [a], rehash: () => Promise.reject(new Error('unused')), clock: immediateClock, backoff: { baseDelayMs: 0, maxDelayMs: 0 } });
    expect(uploads.map((upload) => upload.canDefer)).toEqual([true, true, true, false]);
  });
});
