import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import type { ManagerId } from '../../../../electron/common/domain/manager-profile';
import type { SubmissionRequest } from '../../../../electron/common/domain/submission';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { PresetsRepository } from '../../../../electron/core/db/repositories/presets-repository';
import { CoreError } from '../../../../electron/core/errors';
import { applyPreset, PresetsService } from '../../../../electron/core/submit/presets-service';
import { ManualClock } from '../../../support/flamenco/manual-clock';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

const farm = 'farm-a' as ManagerId;
let folder: ReturnType<typeof makeTemporaryDirectory>;
let database: Database;
let presets: PresetsService;

beforeEach(() => {
  folder = makeTemporaryDirectory('flamenco-desk-presets-');
  database = openDatabase(join(folder.path, 'db.sqlite3'));
  presets = new PresetsService(new PresetsRepository(database), new ManualClock(1_000));
});

afterEach(() => {
  database.close();
  folder.remove();
});

describe('PresetsService', () => {
  it('saves presets per job type and keeps one default per Manager and job type', () => {
    const dailies = presets.save({ name: 'Dailies', jobType: 'simple-blender-render', defaultFor: farm, settings: { chunk_size: 5 }, priority: 30 });
    const finals = presets.save({ name: 'Finals', jobType: 'simple-blender-render', defaultFor: farm, settings: { chunk_size: 1 } });
    presets.save({ name: 'Echo', jobType: 'echo-sleep-test', settings: { message: 'hi' } });
    expect({
      default: presets.defaultFor(farm, 'simple-blender-render')?.name,
      list: presets.list().map((preset) => [preset.jobType, preset.name, preset.defaultFor ?? null]),
      reread: presets.get(dailies.id),
    }).toEqual({
      default: 'Finals',
      list: [
        ['echo-sleep-test', 'Echo', null],
        ['simple-blender-render', 'Dailies', null],
        ['simple-blender-render', 'Finals', farm],
      ],
      reread: { id: dailies.id, name: 'Dailies', jobType: 'simple-blender-render', settings: { chunk_size: 5 }, priority: 30, createdAt: 1_000 },
    });
    expect(finals.createdAt).toEqual(1_000);
  });

  it('refuses a second preset with the same name for a job type, and a priority out of range', () => {
    presets.save({ name: 'Dailies', jobType: 'simple-blender-render', settings: {} });
    const attempts = [
      () => presets.save({ name: 'Dailies', jobType: 'simple-blender-render', settings: {} }),
      () => presets.save({ name: 'Loud', jobType: 'simple-blender-render', settings: {}, priority: 101 }),
    ].map((attempt) => {
      try {
        attempt();
        return 'saved';
      } catch (error) {
        return error instanceof CoreError ? error.code : 'other';
      }
    });
    expect(attempts).toEqual(['conflict', 'invalid-argument']);
  });

  it('applies a preset under what the user set explicitly', () => {
    const preset = presets.save({ name: 'Dailies', jobType: 'simple-blender-render', settings: { chunk_size: 5, render_output_root: '/r' }, priority: 30, workerTagId: 'tag-gpu' });
    const request: SubmissionRequest = { blendPath: '/p/a.blend', managerId: farm, jobType: 'simple-blender-render', jobName: 'a', settings: { chunk_size: '2' }, priority: 80, paused: false, scout: 'off' };
    expect([applyPreset(request, preset), applyPreset(request, preset, { priority: true })].map((applied) => [applied.settings, applied.priority, applied.workerTagId, applied.presetId])).toEqual([
      [{ chunk_size: '2', render_output_root: '/r' }, 30, 'tag-gpu', preset.id],
      [{ chunk_size: '2', render_output_root: '/r' }, 80, 'tag-gpu', preset.id],
    ]);
  });
});
