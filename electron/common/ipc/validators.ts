import { z } from 'zod';
import type { InvokeArgs, InvokeChannel } from './contract';

const managerId = z.string().min(1).max(100);
const headerName = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'a header name has only letters, digits and dashes');
const headerValue = z.string().max(8192).refine((value) => !/[\r\n]/.test(value), 'a header value is one line');
const settingsPatch = z
  .object({
    theme: z.enum(['system', 'light', 'dark']),
    uploadConcurrency: z.number().int().min(1).max(32),
    mutedNotifications: z.array(z.string().max(100)).max(100),
    blenderPaths: z.array(z.string().min(1).max(4096)).max(100),
    preferredBlender: z.string().min(1).max(4096).nullable(),
    hotFolders: z.array(z.object({ path: z.string().min(1).max(4096), presetId: z.string().max(100).nullable() })).max(100),
    autoUpdate: z.boolean(),
    trayHintShown: z.boolean(),
  })
  .partial()
  .strict();

const none = z.undefined();

const uuid = z.string().min(1).max(100);
const jobIdArgs = z.object({ jobId: uuid }).strict();
const localPath = z.string().min(1).max(4096);
const settingValue: z.ZodType = z.lazy(() =>
  z.union([z.string().max(65536), z.number(), z.boolean(), z.null(), z.array(settingValue).max(1000), z.record(z.string().max(200), settingValue)]),
);
const clockTime = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM');

// Submissions, queue, presets.
const submissionId = z.string().min(1).max(100);
const submissionArgs = z.object({ id: submissionId }).strict();
const jobSettingValues = z.record(z.string().min(1).max(200), z.union([z.string().max(65_536), z.number().finite(), z.boolean()]));
const priority = z.number().int().min(0).max(100);
const scoutMode = z.enum(['off', 'auto', 'confirm']);
const submissionRequest = z
  .object({
    blendPath: localPath,
    managerId,
    jobType: z.string().min(1).max(200),
    jobName: z.string().trim().min(1).max(500),
    settings: jobSettingValues,
    priority,
    workerTagId: uuid.optional(),
    paused: z.boolean(),
    scout: scoutMode,
    scoutFor: submissionId.optional(),
    presetId: z.string().min(1).max(100).optional(),
  })
  .strict();
const submissionChanges = z
  .object({
    jobName: z.string().trim().min(1).max(500),
    jobType: z.string().min(1).max(200),
    settings: jobSettingValues,
    priority,
    workerTagId: uuid,
    paused: z.boolean(),
    scout: scoutMode,
    managerId,
  })
  .partial()
  .strict();
const presetInput = z
  .object({
    id: z.string().min(1).max(100).optional(),
    name: z.string().trim().min(1).max(200),
    jobType: z.string().min(1).max(200),
    defaultFor: managerId.optional(),
    settings: jobSettingValues,
    priority: priority.optional(),
    workerTagId: uuid.optional(),
  })
  .strict();

/**
 * One argument schema per invoke channel. The mapped type makes a missing channel a compile
 * error; main and the bridge validate every call with these before core sees it (the
 * renderer is untrusted).
 */
export const argumentValidators: { readonly [C in InvokeChannel]: z.ZodType } = {
  'app:info': none,
  'settings:get': none,
  'settings:update': settingsPatch,
  'managers:list': none,
  'managers:save': z
    .object({
      id: managerId.optional(),
      name: z.string().trim().min(1).max(200),
      url: z.string().url().max(2048),
      extraHeaders: z.record(headerName, headerValue),
      secretHeaders: z.record(headerName, headerValue.nullable()),
    })
    .strict(),
  'managers:remove': z.object({ id: managerId }).strict(),
  'managers:activate': z.object({ id: managerId }).strict(),
  'managers:test': z.union([
    z.object({ id: managerId }).strict(),
    z.object({ url: z.string().url().max(2048), extraHeaders: z.record(headerName, headerValue) }).strict(),
  ]),
  'managers:discover': none,
  'farm:snapshot': none,
  'job-types:list': none,
  'jobs:get': jobIdArgs,
  'jobs:tasks': jobIdArgs,
  'jobs:act': z.object({ jobIds: z.array(uuid).min(1).max(100_000), action: z.enum(['pause', 'cancel', 'requeue', 'delete']) }).strict(),
  'jobs:set-priority': z.object({ jobId: uuid, priority: z.number().int().min(0).max(100) }).strict(),
  'jobs:what-would-delete-do': jobIdArgs,
  'jobs:blocklist': jobIdArgs,
  'jobs:unblock': z.object({ jobId: uuid, entries: z.array(z.object({ workerId: uuid, taskType: z.string().min(1).max(200) }).strict()).min(1).max(1000) }).strict(),
  'jobs:last-rendered': jobIdArgs,
  'jobs:open-output': jobIdArgs,
  'tasks:act': z.object({ taskIds: z.array(uuid).min(1).max(100_000), action: z.enum(['cancel', 'requeue']) }).strict(),
  'tasks:log-tail': z.object({ taskId: uuid }).strict(),
  'workers:get': z.object({ workerId: uuid }).strict(),
  'workers:request': z.object({ workerId: uuid, status: z.enum(['awake', 'asleep', 'offline']), lazy: z.boolean() }).strict(),
  'workers:set-sleep-schedule': z
    .object({
      workerId: uuid,
      schedule: z.object({ isActive: z.boolean(), daysOfWeek: z.string().max(100), startTime: clockTime, endTime: clockTime }).strict(),
    })
    .strict(),
  'blender:installs': z.object({ refresh: z.boolean() }).strict(),
  'blend:inspect': z.object({ path: localPath }).strict(),
  'blend:evaluate': z
    .object({ path: localPath, jobType: z.string().min(1).max(200), jobName: z.string().max(1000), values: z.record(z.string().max(200), settingValue) })
    .strict(),
  'queue:list': none,
  'queue:preflight': submissionRequest,
  'queue:submit': submissionRequest,
  'queue:pause': submissionArgs,
  'queue:resume': submissionArgs,
  'queue:cancel': submissionArgs,
  'queue:retry': submissionArgs,
  'queue:confirm-scout': submissionArgs,
  'queue:edit': z.object({ id: submissionId, changes: submissionChanges }).strict(),
  'queue:remove': submissionArgs,
  'presets:list': none,
  'presets:save': presetInput,
  'presets:remove': z.object({ id: z.string().min(1).max(100) }).strict(),
  'presets:default': z.object({ managerId, jobType: z.string().min(1).max(200) }).strict(),
  'shell:pending-files': none,
  'shell:choose-files': z
    .object({
      title: z.string().min(1).max(200),
      extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'an extension has only letters and digits')).max(20).optional(),
      multiple: z.boolean().optional(),
    })
    .strict(),
  'shell:choose-directory': z.object({ title: z.string().min(1).max(200) }).strict(),
  'shell:open-folder': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'shell:open-external': z.object({ url: z.string().url().max(2048) }).strict(),
  'shell:diagnostics': none,
};

/** Validates `args` for `channel`; returns the parsed value or a readable reason. */
export function validateArguments<C extends InvokeChannel>(
  channel: C,
  args: unknown,
): { readonly ok: true; readonly value: InvokeArgs<C> } | { readonly ok: false; readonly reason: string } {
  // The schemas mirror the contract's types; zod's optional fields differ from
  // exactOptionalPropertyTypes only in allowing `undefined`, which JSON never carries.
  const parsed = argumentValidators[channel].safeParse(args);
  if (parsed.success) return { ok: true, value: parsed.data as InvokeArgs<C> };
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  return { ok: false, reason: `Invalid arguments for ${channel}${where}: ${issue?.message ?? 'invalid'}` };
}
