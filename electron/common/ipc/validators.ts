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
