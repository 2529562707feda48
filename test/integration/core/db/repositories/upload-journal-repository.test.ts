import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sha256, TransferId, TransferResult } from '../../../../../electron/common/domain/shaman';
import { openDatabase } from '../../../../../electron/core/db/open-database';
import { UploadJournalRepository } from '../../../../../electron/core/db/repositories/upload-journal-repository';
import { makeTemporaryDirectory } from '../../../../support/temporary-directory';

describe('UploadJournalRepository', () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  let database: Database;
  let journal: UploadJournalRepository;
  const id = 'transfer-a' as TransferId;
  const sha = 'ab'.repeat(32) as Sha256;

  beforeEach(() => {
    folder = makeTemporaryDirectory();
    database = openDatabase(join(folder.path, 'app.sqlite'));
    journal = new UploadJournalRepository(database);
  });
  afterEach(() => {
    database.close();
    folder.remove();
  });

  it('remembers done files across a reopen of the database', () => {
    journal.begin(id, '/p/shot.blend', 'http://farm:8080/', 100);
    journal.markFileDone(id, 'shot.blend', sha, 10, 110);
    journal.markFilesDone(id, [{ packPath: 'tex/a.png', sha256: undefined, size: 3 }], 120);
    journal.setState(id, 'interrupted', 130);
    database.close();
    database = openDatabase(join(folder.path, 'app.sqlite'));
    journal = new UploadJournalRepository(database);
    expect({ record: journal.get(id), files: journal.doneFiles(id), interrupted: journal.listByState('interrupted').map((record) => record.id) }).toEqual({
      record: { id, blendPath: '/p/shot.blend', destination: 'http://farm:8080/', state: 'interrupted', result: undefined, createdAt: 100, updatedAt: 130 },
      files: [
        { packPath: 'shot.blend', sha256: sha, size: 10, doneAt: 110 },
        { packPath: 'tex/a.png', sha256: undefined, size: 3, doneAt: 120 },
      ],
      interrupted: [id],
    });
  });

  it('makes an unfinished transfer active again when it is begun again, keeping its files', () => {
    journal.begin(id, '/p/shot.blend', 'http://farm:8080/', 100);
    journal.markFileDone(id, 'shot.blend', sha, 10, 110);
    journal.setState(id, 'failed', 120);
    const again = journal.begin(id, '/p/shot.blend', 'http://farm:8080/', 200);
    expect({ state: again.state, createdAt: again.createdAt, files: journal.doneFiles(id).length }).toEqual({ state: 'active', createdAt: 100, files: 1 });
  });

  it('marks transfers left active by a dead process as interrupted at start-up', () => {
    journal.begin(id, '/p/shot.blend', 'http://farm:8080/', 100);
    journal.begin('transfer-b' as TransferId, '/p/other.blend', 'http://farm:8080/', 100);
    journal.setState('transfer-b' as TransferId, 'failed', 110);
    expect({ changed: journal.interruptActive(500), interrupted: journal.listByState('interrupted').map((record) => [record.id, record.updatedAt]) }).toEqual({
      changed: 1,
      interrupted: [[id, 500]],
    });
  });

  it('keeps a completed transfer completed with its result, and prunes old completed ones', () => {
    const result: TransferResult = {
      mode: 'shaman',
      blendfile: '{jobs}/shot/shot.blend',
      checkoutPath: 'shot',
      upload: { filesUploaded: 1, bytesUploaded: 10, filesAlreadyStored: 0, rounds: 2, retries: 0, deferrals: 0 },
    };
    journal.begin(id, '/p/shot.blend', 'http://farm:8080/', 100);
    journal.markFileDone(id, 'shot.blend', sha, 10, 110);
    journal.complete(id, result, 150);
    const again = journal.begin(id, '/p/shot.blend', 'http://farm:8080/', 200);
    expect({ state: again.state, result: again.result }).toEqual({ state: 'completed', result });
    expect({ pruned: journal.pruneCompletedBefore(1000), record: journal.get(id), files: journal.doneFiles(id) }).toEqual({ pruned: 1, record: undefined, files: [] });
  });
});
