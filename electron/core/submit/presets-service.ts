import { randomUUID } from 'node:crypto';
import type { ManagerId } from '../../common/domain/manager-profile';
import type { Preset, PresetId, PresetInput, SubmissionRequest } from '../../common/domain/submission';
import type { PresetsRepository } from '../db/repositories/presets-repository';
import { CoreError } from '../errors';
import type { Clock } from '../ports';

/**
 * A request with a preset applied: the preset fills settings the request leaves out (what
 * the user set explicitly wins), and its priority and worker tag apply unless `keep` says
 * the request chose them.
 */
export function applyPreset(
  request: SubmissionRequest,
  preset: Preset,
  keep: { readonly priority?: boolean; readonly workerTag?: boolean } = {},
): SubmissionRequest {
  const { workerTagId: requestTag, ...rest } = request;
  const workerTagId = keep.workerTag === true ? requestTag : (preset.workerTagId ?? requestTag);
  return {
    ...rest,
    jobType: preset.jobType,
    settings: { ...preset.settings, ...request.settings },
    priority: keep.priority === true ? request.priority : (preset.priority ?? request.priority),
    ...(workerTagId === undefined ? {} : { workerTagId }),
    presetId: preset.id,
  };
}

/** Presets of job settings: saved per job type, one default per Manager and job type. */
export class PresetsService {
  private readonly repository: PresetsRepository;
  private readonly clock: Clock;
  private readonly listeners = new Set<(presets: readonly Preset[]) => void>();

  constructor(repository: PresetsRepository, clock: Clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Every preset, by job type then name. */
  list(): readonly Preset[] {
    return this.repository.list();
  }

  /** One preset; `not-found` when there is none. */
  get(id: PresetId): Preset {
    const preset = this.repository.get(id);
    if (preset === undefined) throw new CoreError('not-found', `No preset ${id}`);
    return preset;
  }

  /** A preset by id or by name (the CLI's `--preset`). */
  find(idOrName: string): Preset {
    const preset = this.repository.list().find((candidate) => candidate.id === idOrName || candidate.name === idOrName);
    if (preset === undefined) throw new CoreError('not-found', `No preset named ${JSON.stringify(idOrName)}`);
    return preset;
  }

  /** The default preset of a Manager for a job type, if one is set. */
  defaultFor(managerId: ManagerId, jobType: string): Preset | undefined {
    return this.repository.defaultFor(managerId, jobType);
  }

  /** Saves a new preset or replaces one; marking it default unmarks the previous default. */
  save(input: PresetInput): Preset {
    const name = input.name.trim();
    if (name === '') throw new CoreError('invalid-argument', 'A preset needs a name');
    if (input.priority !== undefined && (!Number.isInteger(input.priority) || input.priority < 0 || input.priority > 100)) {
      throw new CoreError('invalid-argument', `Priority must be a whole number from 0 to 100, not ${input.priority}`);
    }
    const existing = input.id === undefined ? undefined : this.get(input.id);
    const clash = this.repository.list().find((preset) => preset.jobType === input.jobType && preset.name === name && preset.id !== input.id);
    if (clash !== undefined) throw new CoreError('conflict', `A preset named ${JSON.stringify(name)} exists for ${input.jobType}`);
    const preset: Preset = { ...input, name, id: existing?.id ?? (randomUUID() as PresetId), createdAt: existing?.createdAt ?? this.clock.now() };
    this.repository.save(preset);
    this.changed();
    return this.get(preset.id);
  }

  /** Forgets a preset. */
  remove(id: PresetId): void {
    this.get(id);
    this.repository.delete(id);
    this.changed();
  }

  /** Listens to changes of the preset list. */
  onChange(listener: (presets: readonly Preset[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const presets = this.list();
    for (const listener of this.listeners) listener(presets);
  }
}
