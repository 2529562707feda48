import { resolve } from 'node:path';
import type { ManagerProfile } from '../../common/domain/manager-profile';
import type { TransferProgress } from '../../common/domain/shaman';
import type { Submission, SubmissionId, SubmissionPhase, SubmissionRequest, SubmissionState } from '../../common/domain/submission';
import { isFinal } from '../../common/domain/submission';
import { CoreError } from '../../core/errors';
import { applyPreset } from '../../core/submit/presets-service';
import type { SubmissionService } from '../../core/submit/submission-service';
import type { CliCommand, CliContext, ParsedArguments } from '../command';
import { exitCodeFor, exitCodes, flagValue, hasFlag, printList } from '../command';

/** Phases where a CLI run stops waiting when it was not asked to follow the job. */
const restingPhases: readonly SubmissionPhase[] = ['submitted', 'waiting-for-manager', 'needs-attention', 'paused', 'awaiting-scout', 'canceled', 'completed', 'job-failed', 'job-canceled'];

/** How often `--wait` asks the Manager about the job when no live socket is running. */
const followMilliseconds = 2_000;

function requireManager(context: CliContext, wanted: string | undefined): ManagerProfile {
  const profiles = context.core.managers.list();
  const profile = wanted === undefined ? context.core.managers.active() : profiles.find((candidate) => candidate.id === wanted || candidate.name === wanted);
  if (profile === undefined) {
    throw new CoreError('not-found', wanted === undefined ? 'No Manager is chosen; add one with "managers add"' : `No Manager profile named ${JSON.stringify(wanted)}`);
  }
  return profile;
}

/** `--set key=value` pairs; values stay text and take the setting's type when the job type is read. */
function parseSettings(args: ParsedArguments): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of args.flags.get('set') ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new CoreError('invalid-argument', `--set takes key=value, not ${JSON.stringify(pair)}`);
    settings[pair.slice(0, equals).trim()] = pair.slice(equals + 1);
  }
  return settings;
}

function parsePriority(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const priority = Number(text);
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) throw new CoreError('invalid-argument', `--priority takes a whole number from 0 to 100, not ${text}`);
  return priority;
}

/** One line describing an entry. */
export function describeSubmission(submission: Submission): string {
  return `${submission.id.slice(0, 8)}  ${submission.state.phase.padEnd(19)} p${String(submission.request.priority).padEnd(3)} ${submission.request.jobName}${detail(submission.state)}`;
}

function detail(state: SubmissionState): string {
  switch (state.phase) {
    case 'submitted':
      return `  job ${state.jobId} (${state.jobStatus})`;
    case 'completed':
      return `  job ${state.jobId}`;
    case 'job-failed':
    case 'job-canceled':
      return `  job ${state.jobId}: ${state.reason}`;
    case 'waiting-for-manager':
    case 'needs-attention':
    case 'failed':
    case 'canceled':
      return `  ${state.reason}`;
    default:
      return '';
  }
}

/** A progress bar on a terminal, a plain line otherwise. */
function describeProgress(progress: TransferProgress, tty: boolean): string {
  const percent = progress.bytesTotal === 0 ? 100 : Math.floor((progress.bytesDone * 100) / progress.bytesTotal);
  const counts = `${progress.filesDone}/${progress.filesTotal} files, ${percent}%`;
  if (!tty) return `${progress.phase}: ${counts}`;
  const width = 30;
  const filled = Math.round((percent * width) / 100);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progress.phase.padEnd(8)} ${counts}`;
}

/** The exit code an entry's state stands for. */
export function exitCodeOf(state: SubmissionState): number {
  switch (state.phase) {
    case 'submitted':
    case 'completed':
    case 'awaiting-scout':
    case 'paused':
      return exitCodes.ok;
    case 'waiting-for-manager':
      return exitCodes.managerUnreachable;
    case 'needs-attention':
    case 'failed':
      return exitCodeFor(state.error.code);
    case 'job-failed':
    case 'job-canceled':
      return exitCodes.failure;
    case 'canceled':
      return exitCodes.canceled;
    default:
      return exitCodes.failure;
  }
}

/**
 * Works the queue until entry `id` rests (or, with `follow`, until its job ends), printing
 * phase changes and progress. Ctrl-C stops waiting; the entry stays queued.
 */
async function watchEntry(context: CliContext, queue: SubmissionService, id: SubmissionId, follow: boolean, json: boolean): Promise<Submission | undefined> {
  const { output, signal, core } = context;
  let lastPhase: SubmissionPhase | undefined;
  let lastProgress = '';
  const done = (submission: Submission): boolean => {
    const state = submission.state;
    // A failed entry that will retry by itself is still on its way.
    if (state.phase === 'failed') return state.retryAt === undefined;
    return follow ? isFinal(state) || state.phase === 'needs-attention' : restingPhases.includes(state.phase);
  };
  return new Promise((resolveWatch) => {
    let timer: { cancel(): void } | undefined;
    let finished = false;
    const finish = (submission: Submission | undefined): void => {
      finished = true;
      unsubscribeChange();
      unsubscribeProgress();
      timer?.cancel();
      signal.removeEventListener('abort', aborted);
      resolveWatch(submission);
    };
    const check = (submission: Submission): void => {
      if (submission.id !== id) return;
      if (submission.state.phase !== lastPhase && !json) {
        lastPhase = submission.state.phase;
        output.error(describeSubmission(submission));
      }
      if (done(submission)) finish(submission);
    };
    const unsubscribeChange = queue.onChange(check);
    const unsubscribeProgress = queue.onProgress((progress) => {
      if (progress.id !== id || progress.transfer === undefined || json) return;
      const line = describeProgress(progress.transfer, output.isTty);
      if (line !== lastProgress) output.error(line);
      lastProgress = line;
    });
    const aborted = (): void => finish(undefined);
    signal.addEventListener('abort', aborted, { once: true });
    if (follow) {
      const poll = (): void => {
        if (finished) return;
        timer = core.clock.setTimeout(() => void queue.followJobs().finally(poll), followMilliseconds);
      };
      poll();
    }
    check(queue.get(id));
  });
}

function report(context: CliContext, submission: Submission | undefined, json: boolean): number {
  if (submission === undefined) {
    context.output.error('Stopped waiting; the submission stays in the queue.');
    return exitCodes.canceled;
  }
  if (json) context.output.json(submission);
  else {
    context.output.line(describeSubmission(submission));
    if (submission.state.phase === 'waiting-for-manager') context.output.line('Queued: it is sent when the Manager is back (while the app or "queue run" is running).');
    if (submission.state.phase === 'awaiting-scout') context.output.line('The scout job comes first; the full job follows when it completes (use --wait, or keep the app running).');
    if (submission.state.phase === 'needs-attention' && submission.state.error.details?.['issues'] !== undefined) {
      for (const issue of submission.state.error.details['issues'] as readonly { readonly message: string }[]) context.output.line(`  ${issue.message}`);
    }
  }
  return exitCodeOf(submission.state);
}

/** Finds an entry by id or unique id prefix. */
function findEntry(queue: SubmissionService, text: string | undefined): Submission {
  if (text === undefined || text === '') throw new CoreError('invalid-argument', 'Which submission? Give its id (or the start of it) from "queue list"');
  const matches = queue.list().filter((submission) => submission.id.startsWith(text));
  if (matches.length !== 1) throw new CoreError(matches.length === 0 ? 'not-found' : 'invalid-argument', matches.length === 0 ? `No submission ${text}` : `${text} matches ${matches.length} submissions; give more of the id`);
  const [match] = matches;
  if (match === undefined) throw new CoreError('not-found', `No submission ${text}`);
  return match;
}

const submitCommand: CliCommand = {
  name: 'submit',
  summary: 'Submit a .blend file as a job (queued and sent when the Manager is reachable)',
  usage:
    'FILE [--manager NAME] [--type JOB_TYPE] [--name JOB_NAME] [--preset NAME] [--set key=value]... [--priority 0-100] [--tag WORKER_TAG_ID] [--paused] [--scout] [--wait] [--json]',
  async run(args, context) {
    const file = args.positionals[0];
    if (file === undefined) throw new CoreError('invalid-argument', 'Which .blend file? Usage: submit FILE');
    const profile = requireManager(context, flagValue(args, 'manager'));
    const { queue, presets } = context.core.submissions;
    const blendPath = resolve(file);
    const presetName = flagValue(args, 'preset');
    const typeFlag = flagValue(args, 'type');
    const preset = presetName !== undefined ? presets.find(presetName) : presets.defaultFor(profile.id, typeFlag ?? 'simple-blender-render');
    const priority = parsePriority(flagValue(args, 'priority'));
    const tag = flagValue(args, 'tag');
    let request: SubmissionRequest = {
      blendPath,
      managerId: profile.id,
      jobType: typeFlag ?? preset?.jobType ?? 'simple-blender-render',
      jobName: flagValue(args, 'name') ?? blendPath.replace(/^.*[\\/]/, '').replace(/\.blend$/i, ''),
      settings: parseSettings(args),
      priority: priority ?? 50,
      ...(tag === undefined ? {} : { workerTagId: tag }),
      paused: hasFlag(args, 'paused'),
      scout: hasFlag(args, 'scout') ? 'auto' : 'off',
    };
    if (preset !== undefined) request = { ...applyPreset(request, preset, { priority: priority !== undefined, workerTag: tag !== undefined }), jobType: request.jobType };
    const json = hasFlag(args, 'json');
    context.core.submissions.start({ hotFolders: false });
    const submission = queue.submit(request);
    if (!json) context.output.error(`queued ${submission.id} for ${profile.name}`);
    return report(context, await watchEntry(context, queue, submission.id, hasFlag(args, 'wait'), json), json);
  },
};

const queueCommand: CliCommand = {
  name: 'queue',
  summary: 'List the submission queue, or pause, resume, cancel or retry an entry; "queue run" works the queue',
  usage: '[list|run|retry|cancel|pause|resume] [ID] [--wait] [--json]',
  async run(args, context) {
    const { queue } = context.core.submissions;
    const [action = 'list', idText] = args.positionals;
    const json = hasFlag(args, 'json');
    switch (action) {
      case 'list': {
        const entries = queue.list();
        printList(context.output, entries, { json, empty: 'The queue is empty.', line: describeSubmission });
        return exitCodes.ok;
      }
      case 'run': {
        context.core.submissions.start({ hotFolders: false });
        await Promise.race([queue.whenSettled(), new Promise((resolveAbort) => context.signal.addEventListener('abort', resolveAbort, { once: true }))]);
        const entries = queue.list();
        if (json) context.output.json(entries);
        else for (const entry of entries) context.output.line(describeSubmission(entry));
        return entries.some((entry) => entry.state.phase === 'waiting-for-manager') ? exitCodes.managerUnreachable : exitCodes.ok;
      }
      case 'pause':
      case 'cancel': {
        const entry = findEntry(queue, idText);
        const changed = action === 'pause' ? queue.pause(entry.id) : queue.cancel(entry.id);
        if (json) context.output.json(changed);
        else context.output.line(describeSubmission(changed));
        return exitCodes.ok;
      }
      case 'retry':
      case 'resume': {
        const entry = findEntry(queue, idText);
        const changed = action === 'retry' ? queue.retry(entry.id) : queue.resume(entry.id);
        context.core.submissions.start({ hotFolders: false });
        return report(context, await watchEntry(context, queue, changed.id, hasFlag(args, 'wait'), json), json);
      }
      default:
        throw new CoreError('invalid-argument', `Unknown queue action ${JSON.stringify(action)}; use list, run, retry, cancel, pause or resume`);
    }
  },
};

/** The submission commands. */
export const submitCommands: readonly CliCommand[] = [submitCommand, queueCommand];
