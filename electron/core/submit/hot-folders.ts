import { basename, extname, resolve } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { ManagerId } from '../../common/domain/manager-profile';
import type { Preset, PresetId, Submission, SubmissionRequest } from '../../common/domain/submission';
import { applyPreset } from './presets-service';

/** A watched folder and the preset its files are submitted with. */
export type HotFolder = { readonly path: string; readonly presetId: string | null };

/** What hot folders need from the rest of core. */
export type HotFolderOptions = {
  submit(request: SubmissionRequest): Submission;
  preset(id: PresetId): Preset | undefined;
  /** The Manager to submit to when the preset names none (the active one). */
  activeManager(): ManagerId | undefined;
  /** Told after each submission (the queue notice), and about files it could not submit. */
  onSubmitted?(submission: Submission, path: string): void;
  onSkipped?(path: string, reason: string): void;
  /** How long a file must stay the same size before it counts as written (default 2 s). */
  readonly stableMilliseconds?: number;
  readonly pollMilliseconds?: number;
  /** Job type when the folder has no preset. */
  readonly defaultJobType?: string;
};

/**
 * Folders where a .blend that appears is submitted with the folder's preset. chokidar's
 * `awaitWriteFinish` holds the event until the file stops growing, so a .blend still
 * being saved or copied is not sent half-written. Files already there are left alone.
 */
export class HotFolders {
  private readonly options: HotFolderOptions;
  private watcher: FSWatcher | undefined;
  private folders: readonly HotFolder[] = [];
  private readyPromise: Promise<void> = Promise.resolve();

  constructor(options: HotFolderOptions) {
    this.options = options;
  }

  /** Watches exactly `folders` (call again when the setting changes). */
  async update(folders: readonly HotFolder[]): Promise<void> {
    const normalised = folders.map((folder) => ({ path: resolve(folder.path), presetId: folder.presetId }));
    if (JSON.stringify(normalised) === JSON.stringify(this.folders)) return;
    await this.watcher?.close();
    this.watcher = undefined;
    this.folders = normalised;
    if (normalised.length === 0) return;
    const watcher = watch(
      normalised.map((folder) => folder.path),
      {
        ignoreInitial: true,
        depth: 0,
        awaitWriteFinish: { stabilityThreshold: this.options.stableMilliseconds ?? 2_000, pollInterval: this.options.pollMilliseconds ?? 200 },
      },
    );
    this.readyPromise = new Promise((ready) => watcher.once('ready', () => ready()));
    watcher.on('add', (path) => this.added(resolve(path)));
    this.watcher = watcher;
    await this.readyPromise;
  }

  /** Resolves once the folders are being watched. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  /** Stops watching. */
  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
    this.folders = [];
  }

  private added(path: string): void {
    // Blender's backups (.blend1) and anything else are not submissions.
    if (extname(path).toLowerCase() !== '.blend') return;
    const folder = this.folders.find((candidate) => resolve(path, '..') === candidate.path);
    if (folder === undefined) return;
    const preset = folder.presetId === null ? undefined : this.options.preset(folder.presetId as PresetId);
    if (folder.presetId !== null && preset === undefined) {
      this.options.onSkipped?.(path, `the hot folder's preset ${folder.presetId} no longer exists`);
      return;
    }
    const managerId = preset?.defaultFor ?? this.options.activeManager();
    if (managerId === undefined) {
      this.options.onSkipped?.(path, 'no Manager is chosen');
      return;
    }
    const base: SubmissionRequest = {
      blendPath: path,
      managerId,
      jobType: preset?.jobType ?? this.options.defaultJobType ?? 'simple-blender-render',
      jobName: basename(path, extname(path)),
      settings: {},
      priority: 50,
      paused: false,
      scout: 'off',
    };
    try {
      const submission = this.options.submit(preset === undefined ? base : applyPreset(base, preset));
      this.options.onSubmitted?.(submission, path);
    } catch (error) {
      this.options.onSkipped?.(path, error instanceof Error ? error.message : String(error));
    }
  }
}
