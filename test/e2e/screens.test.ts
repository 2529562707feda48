import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blender, chromium } from '../support/requirements';
import type { Harness } from './harness';
import { makeShotProject, screenshotDirectory, startHarness } from './harness';

const missing = [blender, chromium].find((requirement) => !requirement.available);

/** Jobs of a small studio, in every state the list shows. */
const seedJobs: readonly { readonly name: string; readonly priority: number }[] = [
  { name: 'Sprite Fright sq010 lighting', priority: 70 },
  { name: 'Wing It! final comp', priority: 50 },
  { name: 'charge_turntable_v012', priority: 40 },
  { name: 'sh0420 <img src=x onerror=alert(1)>', priority: 50 },
  { name: 'lookdev ellie hair', priority: 30 },
  { name: 'sq030 layout previs', priority: 50 },
];

async function submitJob(harness: Harness, name: string, priority: number): Promise<string> {
  const response = await fetch(`${harness.double.url}/api/v3/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      type: 'echo-sleep-test',
      priority,
      submitter_platform: 'linux',
      settings: { message: name, sleep_duration_seconds: 2, sleep_repeats: 4 },
      metadata: { project: 'Studio demo', 'user.name': 'Ana' },
    }),
  });
  if (response.status !== 200) throw new Error(`the double refused the job: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { readonly id: string }).id;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDirectory, `${name}.png`) });
}

describe.skipIf(missing !== undefined)('every screen, light and dark', () => {
  let harness: Harness;
  let blend: string;
  let jobIds: string[];

  beforeAll(async () => {
    mkdirSync(screenshotDirectory, { recursive: true });
    harness = await startHarness();
    const { double } = harness;
    const first = double.addWorker({ name: 'render-01' });
    const second = double.addWorker({ name: 'render-02' });
    double.addWorker({ name: 'gpu-big-03', status: 'asleep' });
    double.addWorker({ name: 'old-mac', status: 'offline', platform: 'darwin' });
    jobIds = [];
    for (const job of seedJobs) jobIds.push(await submitJob(harness, job.name, job.priority));
    const [active, completed, failed, , paused] = jobIds;
    if (active === undefined || completed === undefined || failed === undefined || paused === undefined) throw new Error('jobs missing');
    double.advanceTask(active, { workerId: first });
    double.advanceTask(active);
    double.advanceTask(active, { workerId: second });
    double.setTaskLog(double.state.tasks.find((task) => task.job_id === active && task.status === 'active')?.id ?? '', 'Fra:2 Mem:120M | Sample 64/128\nFra:2 Mem:121M | Sample 96/128\nFra:2 Mem:121M | Sample 128/128\nSaved: frame_0002.png');
    double.setLastRendered(active);
    double.completeJob(completed);
    const failedTask = double.state.tasks.find((task) => task.job_id === failed);
    if (failedTask !== undefined) double.failTask(failedTask.id, { workerId: second, reason: 'Blender crashed' });
    double.setJobStatus(failed, 'failed');
    double.setJobStatus(paused, 'paused');
    blend = makeShotProject(blender.available ? blender.path : '', join(harness.directory, 'shot'));
  });

  afterAll(async () => {
    await harness?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`captures each screen in the ${scheme} theme`, async () => {
      const { page } = harness;
      await harness.open(scheme);
      await page.getByTestId('drop-zone').waitFor();
      await shoot(page, `submit-empty-${scheme}`);

      harness.chooseNext([blend]);
      await page.getByTestId('pick-files').click();
      await page.locator('[data-setting=frames] input').waitFor();
      await expect.poll(() => page.locator('[data-setting=frames] input').inputValue(), { timeout: 60_000 }).toBe('1-3');
      await page.getByRole('button', { name: 'Choose Render output root' }).click();
      await expect.poll(() => page.locator('[data-setting=render_output_path] input').inputValue(), { timeout: 60_000 }).toContain('/renders/');
      await shoot(page, `submit-form-${scheme}`);
      await page.getByTestId('draft').evaluate((draft) => draft.parentElement?.scrollTo({ top: 0 }));
      await shoot(page, `submit-${scheme}`);

      await page.getByTestId('nav-jobs').click();
      await page.locator('[data-job-id]').first().waitFor();
      await shoot(page, `jobs-${scheme}`);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      await page.locator(`[data-job-id="${jobIds[0]}"]`).click();
      await page.getByTestId('last-rendered').waitFor();
      const activeTask = page.locator('[data-testid=tasks] tr', { hasText: 'active' }).getByRole('button').first();
      await activeTask.click();
      await page.getByTestId('log-tail').getByText('Saved: frame_0002.png', { exact: false }).waitFor();
      await shoot(page, `job-detail-${scheme}`);
      await page.getByRole('button', { name: 'Close the job detail' }).click();

      await page.getByTestId('nav-queue').click();
      await page.getByText('Nothing in the queue').waitFor();
      await shoot(page, `queue-empty-${scheme}`);

      await page.getByTestId('nav-workers').click();
      await page.getByRole('button', { name: 'render-01' }).click();
      await page.getByText('Task types').waitFor();
      await shoot(page, `workers-${scheme}`);

      await page.getByTestId('nav-settings').click();
      await page.getByText('/usr/bin/blender').waitFor();
      await shoot(page, `settings-${scheme}`);

      await page.getByTestId('nav-submit').click();
      await page.getByRole('button', { name: /Remove .* from the list/ }).click();
    });
  }
});
