import { posix } from 'node:path';

/** A command of an authored task, as the Manager stores it (`Command` schema). */
export type AuthoredCommand = {
  readonly name: string;
  readonly parameters: Record<string, unknown>;
  readonly total_step_count: number;
};

/** A task the job compiler authored: name, type and commands (priority is always 50). */
export type AuthoredTask = {
  readonly name: string;
  readonly type: string;
  readonly commands: readonly AuthoredCommand[];
};

/** What a compiler gets: the submitted job after two-way variable replacement. */
export type CompileInput = {
  readonly name: string;
  readonly type: string;
  readonly created: Date;
  /** Mutable on purpose: like the real scripts, a compiler may rewrite settings. */
  readonly settings: Record<string, unknown>;
  readonly metadata: Readonly<Record<string, string>>;
};

/** Compiles a job into tasks; throw a {@link JobCompileError} to reject the submission. */
export type JobCompiler = (job: CompileInput) => readonly AuthoredTask[];

/** A compile failure; the Manager answers 400 with this text (SubmitJob, "error compiling job"). */
export class JobCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobCompileError';
  }
}

function invalidRange(range: string, message: string): JobCompileError {
  return new JobCompileError(`invalid range "${range}": ${message}`);
}

/** Explodes "1-3, 7, 9..10" into sorted unique frames, like js_globals.go frameRangeExplode. */
export function explodeFrameRange(frameRange: string): number[] {
  const frames = new Set<number>();
  const normalised = frameRange.replaceAll('..', '-');
  const parse = (text: string, part: string): number => {
    const trimmed = text.trim();
    if (!/^[+-]?\d+$/.test(trimmed)) throw invalidRange(normalised, part);
    return Number(trimmed);
  };
  for (const part of normalised.split(',')) {
    const startEnd = part.split('-');
    if (startEnd.length === 1) {
      frames.add(parse(startEnd[0] ?? '', part));
    } else if (startEnd.length === 2) {
      const start = parse(startEnd[0] ?? '', part);
      const end = parse(startEnd[1] ?? '', part);
      for (let frame = start; frame <= end; frame++) frames.add(frame);
    } else {
      throw invalidRange(normalised, part);
    }
  }
  return [...frames].sort((left, right) => left - right);
}

/** Merges sorted frames back into "1-3,7" notation (js_globals.go frameRangeMerge). */
function mergeFrames(frames: readonly number[]): string {
  const ranges: string[] = [];
  let start = frames[0] ?? 0;
  let previous = start;
  const close = (from: number, to: number): void => {
    ranges.push(from === to ? `${from}` : `${from}-${to}`);
  };
  for (const frame of frames.slice(1)) {
    if (frame === previous + 1) {
      previous = frame;
      continue;
    }
    close(start, previous);
    start = frame;
    previous = frame;
  }
  close(start, previous);
  return ranges.join(',');
}

/** Splits a frame range into chunks of `chunkSize` frames (the compilers' `frameChunker`). */
export function chunkFrames(frameRange: string, chunkSize: number): string[] {
  const trimmed = frameRange.trim();
  if (trimmed === '') throw invalidRange(trimmed, 'empty range');
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new JobCompileError(`invalid chunk size, must be positive number: ${chunkSize}`);
  }
  const frames = explodeFrameRange(trimmed);
  if (frames.length === 0) throw invalidRange(trimmed, 'empty range');
  const chunks: string[] = [];
  for (let index = 0; index < frames.length; index += chunkSize) {
    chunks.push(mergeFrames(frames.slice(index, index + chunkSize)));
  }
  return chunks;
}

/** Go's `2006-01-02_150405` layout in local time (`formatTimestampLocal`). */
function formatTimestampLocal(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}_` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/** The compilers' `path` module works on either slash; normalise to forward slashes. */
const slashed = (value: string): string => value.replaceAll('\\', '/');

const ffmpegIncompatibleImageFormats = new Set(['EXR', 'MULTILAYER', 'OPEN_EXR', 'OPEN_EXR_MULTILAYER']);
const videoFormats = ['FFMPEG', 'AVI_RAW', 'AVI_JPEG'];
const renderSettingsPython = [
  'import bpy',
  'r = bpy.context.scene.render',
  'r.use_file_extension = True',
  'r.use_overwrite = False',
  'r.use_placeholder = False',
].join('; ');

/**
 * `simple-blender-render`, following scripts/simple_blender_render.js: one `blender-render`
 * task per chunk of `chunk_size` frames, then a `preview-video` (ffmpeg) task when the FPS is
 * known and the format can feed FFmpeg. Video output formats are rejected: this job type
 * renders images only.
 */
export const compileSimpleBlenderRender: JobCompiler = (job) => {
  const settings = job.settings;
  const format = typeof settings['format'] === 'string' ? settings['format'] : String(settings['format'] ?? '');
  if (videoFormats.includes(format)) {
    throw new JobCompileError(`This job type only renders images, and not "${format}"`);
  }
  const template = settings['render_output_path'];
  if (typeof template !== 'string' || template === '') throw new JobCompileError('no render_output_path setting!');
  const renderOutput = template.replace(/\{([^}]+)\}/g, (match, name: string) =>
    name === 'timestamp' ? formatTimestampLocal(job.created) : match,
  );
  settings['render_output_path'] = renderOutput;
  const renderDir = posix.dirname(slashed(renderOutput));

  const chunkSize = settings['chunk_size'] === undefined ? 1 : Number(settings['chunk_size']);
  const frames = String(settings['frames'] ?? '');
  const chunks = chunkFrames(frames, chunkSize);
  const baseArgs = typeof settings['scene'] === 'string' && settings['scene'] !== '' ? ['--scene', settings['scene']] : [];
  const tasks: AuthoredTask[] = chunks.map((chunk) => ({
    name: `render-${chunk}`,
    type: 'blender',
    commands: [
      {
        name: 'blender-render',
        parameters: {
          exe: '{blender}',
          exeArgs: '{blenderArgs}',
          argsBefore: [],
          blendfile: settings['blendfile'],
          args: [
            ...baseArgs,
            '--python-expr',
            renderSettingsPython,
            '--render-output',
            posix.join(renderDir, posix.basename(slashed(renderOutput))),
            '--render-format',
            format,
            '--render-frame',
            chunk.replaceAll('-', '..'),
          ],
        },
        total_step_count: explodeFrameRange(chunk).length,
      },
    ],
  }));

  const needsPreviews = ffmpegIncompatibleImageFormats.has(format);
  const fps = settings['fps'];
  if ((needsPreviews && settings['has_previews'] !== true) || fps === undefined || fps === null || fps === 0 || fps === '') {
    return tasks;
  }
  let videoFrames = frames;
  if (videoFrames.includes(',')) {
    const single = chunkFrames(frames, 1);
    videoFrames = `${single[0] ?? ''}-${single[single.length - 1] ?? ''}`;
  }
  const blendfile = slashed(String(settings['blendfile'] ?? ''));
  const stem = posix.basename(blendfile, posix.extname(blendfile)).replace('.flamenco', '');
  const extension = needsPreviews ? '.jpg' : String(settings['image_file_extension'] ?? '');
  tasks.push({
    name: 'preview-video',
    type: 'ffmpeg',
    commands: [
      {
        name: 'frames-to-video',
        parameters: {
          exe: 'ffmpeg',
          fps,
          inputGlob: posix.join(renderDir, `*${extension}`),
          outputFile: posix.join(renderDir, `${stem}-${videoFrames}.mp4`),
          args: ['-c:v', 'h264', '-crf', '20', '-g', '18', '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-pix_fmt', 'yuv420p', '-r', fps, '-y'],
        },
        // The script passes no step count; goja turns the missing argument into 0.
        total_step_count: 0,
      },
    ],
  });
  return tasks;
};

/** `echo-sleep-test`: an `echo` task, then `sleep_repeats` `sleep` tasks (echo_and_sleep.js). */
export const compileEchoSleepTest: JobCompiler = (job) => {
  const settings = job.settings;
  const tasks: AuthoredTask[] = [
    { name: 'echo', type: 'misc', commands: [{ name: 'echo', parameters: { message: settings['message'] }, total_step_count: 0 }] },
  ];
  const repeats = Number(settings['sleep_repeats'] ?? 0);
  for (let repeat = 0; repeat < repeats; repeat++) {
    tasks.push({
      name: 'sleep',
      type: 'misc',
      commands: [{ name: 'sleep', parameters: { duration_in_seconds: settings['sleep_duration_seconds'] }, total_step_count: 0 }],
    });
  }
  return tasks;
};

/** Default compiler for custom job types added by tests: one `misc` task with one step. */
export const compileSingleTask: JobCompiler = (job) => [
  { name: job.name, type: 'misc', commands: [{ name: 'echo', parameters: { settings: { ...job.settings } }, total_step_count: 1 }] },
];
