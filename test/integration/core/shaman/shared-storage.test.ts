import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackPlan, TransferId, TransferProgress } from '../../../../electron/common/domain/shaman';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { UploadJournalRepository } from '../../../../electron/core/db/repositories/upload-journal-repository';
import { planPack } from '../../../../electron/core/shaman/pack-plan';
import { transferToSharedStorage } from '../../../../electron/core/shaman/shared-storage';
import type { SharedStorageOptions } from '../../../../electron/core/shaman/shared-storage';
import { manualClock, writeFiles } from '../../../support/shaman-fixtures';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

describe('transferToSharedStorage', () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  let database: Database;
  const clock = manualClock(Date.UTC(2026, 10, 25, 10, 30, 5));
  beforeEach(() => {
    folder = makeTemporaryDirectory();
    database = openDatabase(join(folder.path, 'app.sqlite'));
  });
  afterEach(() => {
    database.close();
    folder.remove();
  });

  const at = (path: string): string => join(folder.path, path);

  async function plan(root: string): Promise<PackPlan> {
    writeFiles(folder.path, { [`${root}/.git/HEAD`]: 'ref', [`${root}/shots/shot.blend`]: 'blend', [`${root}/tex/a.png`]: 'aaa', [`${root}/tex/b.png`]: 'b'.repeat(9 * 1024 * 1024) });
    return planPack({ blendPath: at(`${root}/shots/shot.blend`), dependencies: [at(`${root}/tex/a.png`), at(`${root}/tex/b.png`)], outsideFiles: 'include' });
  }

  function options(packPlan: PackPlan, extra: Partial<SharedStorageOptions> = {}): SharedStorageOptions {
    return {
      plan: packPlan,
      sharedStorage: at('shared'),
      jobName: 'Shot: 010',
      clock,
      journal: { repository: new UploadJournalRepository(database), transferId: 'copy-1' as TransferId },
      ...extra,
    };
  }

  it('submits in place when the .blend is already on shared storage', async () => {
    const packPlan = await plan('shared/proj');
    expect(await transferToSharedStorage(options(packPlan))).toEqual({ mode: 'shared-storage-in-place', blendfile: at('shared/proj/shots/shot.blend') });
    expect(readdirSync(at('shared'))).toEqual(['proj']);
  });

  it('copies the project under <timestamp>-<job name> keeping the layout, with progress', async () => {
    const packPlan = await plan('proj');
    const seen: TransferProgress[] = [];
    const result = await transferToSharedStorage(options(packPlan, { onProgress: (progress) => seen.push(progress) }));
    const target = at('shared/2026-11-25-103005-Shot- 010');
    expect(result).toEqual({
      mode: 'shared-storage-copy',
      blendfile: join(target, 'shots/shot.blend'),
      targetDirectory: target,
      filesCopied: 3,
      bytesCopied: packPlan.totalBytes,
      filesUnchanged: 0,
    });
    expect(packPlan.files.map((file) => readFileSync(join(target, file.packPath)).equals(readFileSync(file.absolutePath)))).toEqual([true, true, true]);
    expect(seen.at(-1)).toMatchObject({ phase: 'copy', filesDone: 3, filesTotal: 3, bytesDone: packPlan.totalBytes, bytesTotal: packPlan.totalBytes });
    expect(readdirSync(join(target, 'tex')).sort()).toEqual(['a.png', 'b.png']);
  });

  it('copies only changed files when an interrupted copy resumes into the same folder', async () => {
    const packPlan = await plan('proj');
    const journal = new UploadJournalRepository(database);
    const first = await transferToSharedStorage(options(packPlan));
    if (first.mode !== 'shared-storage-copy') throw new Error('not a copy');
    // Make the journal think the copy was interrupted, and change one source file.
    journal.setState('copy-1' as TransferId, 'interrupted', clock.now());
    database.prepare("UPDATE transfers SET result_json = NULL WHERE id = 'copy-1'").run();
    writeFileSync(at('proj/tex/a.png'), 'changed');
    const second = await transferToSharedStorage(options(packPlan));
    expect(second).toEqual({ ...first, filesCopied: 1, bytesCopied: 7, filesUnchanged: 2 });
    expect(readFileSync(join(first.targetDirectory, 'tex/a.png'), 'utf8')).toBe('changed');
    expect(Math.abs(statSync(join(first.targetDirectory, 'tex/a.png')).mtimeMs - statSync(at('proj/tex/a.png')).mtimeMs)).toBeLessThan(1);
  });

  it('leaves no partial file and an interrupted journal when canceled', async () => {
    const packPlan = await plan('proj');
    const controller = new AbortController();
    controller.abort();
    await expect(transferToSharedStorage(options(packPlan, { signal: controller.signal }))).rejects.toMatchObject({ code: 'canceled' });
    expect(new UploadJournalRepository(database).get('copy-1' as TransferId)?.state).toBe('interrupted');
  });
});
