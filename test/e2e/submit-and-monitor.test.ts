import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blender, chromium } from '../support/requirements';
import type { Harness } from './harness';
import { makeShotProject, screenshotDirectory, startHarness } from './harness';

const missing = [blender, chromium].find((requirement) => !requirement.available);
const skipReason = missing !== undefined && !missing.available ? missing.reason : undefined;

/** Drops files on the drop zone the way a Linux file manager does: `file://` URLs in `text/uri-list`. */
async function dropFiles(page: Page, paths: readonly string[]): Promise<void> {
  await page.locator('[data-testid=drop-zone]').evaluate((zone, list) => {
    const transfer = new DataTransfer();
    transfer.setData('text/uri-list', list.map((path) => `file://${encodeURI(path)}`).join('\r\n'));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, paths);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDirectory, `${name}.png`) });
}

describe.skipIf(skipReason !== undefined)('the renderer against the real core, the Manager double and Blender', () => {
  let harness: Harness;
  let blend: string;

  beforeAll(async () => {
    mkdirSync(screenshotDirectory, { recursive: true });
    harness = await startHarness();
    harness.double.addWorker({ name: 'render-01' });
    harness.double.addWorker({ name: 'render-02', status: 'asleep' });
    blend = makeShotProject(blender.available ? blender.path : '', join(harness.directory, 'shot'));
    await harness.open('light');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows scene facts and dependency warnings of a dropped .blend and fills the form from Blender', async () => {
    const { page } = harness;
    await dropFiles(page, [blend]);
    await page.getByTestId('fact-frames').waitFor();
    expect([await page.getByTestId('fact-scene').textContent(), await page.getByTestId('fact-frames').textContent(), await page.getByTestId('dependency-count').textContent()]).toEqual([
      'Shot',
      '1–3',
      '3',
    ]);
    const dependencies = page.getByTestId('dependencies');
    expect(await dependencies.getByText('1 missing').count()).toBe(1);
    expect(await dependencies.getByText('1 outside the project').count()).toBe(1);
    expect(await page.getByTestId('job-type').inputValue()).toBe('simple-blender-render');
    const frames = page.locator('[data-setting=frames] input');
    await expect.poll(() => frames.inputValue(), { timeout: 60_000 }).toBe('1-3');
    await page.getByRole('button', { name: 'Choose Render output root' }).click();
    const outputPath = page.locator('[data-setting=render_output_path] input');
    await expect.poll(() => outputPath.inputValue(), { timeout: 60_000 }).toContain('/renders/');
    await shoot(page, 'submit-form-light');
  });

  it('submits, then follows the job as the Manager runs its tasks, to the completion notification', async () => {
    const { page, double } = harness;
    await page.getByTestId('submit-button').click();
    await page.getByTestId('nav-queue').click();
    await page.locator('[data-testid=queue-entry][data-phase=submitted]').waitFor({ timeout: 90_000 });
    await shoot(page, 'queue-submitted-light');
    const job = double.state.jobs.find((candidate) => candidate.name === 'shot');
    if (job === undefined) throw new Error('the job did not reach the Manager');
    expect([job.type, job.settings?.['frames'], job.settings?.['render_output_root'], job.priority]).toEqual(['simple-blender-render', '1-3', join(harness.directory, 'renders'), 50]);

    await page.getByTestId('nav-jobs').click();
    await page.locator(`[data-job-id="${job.id}"]`).click();
    await page.getByTestId('tasks').waitFor();
    double.advanceTask(job.id);
    await page.getByTestId('detail-status').getByText('active').waitFor();
    double.setLastRendered(job.id);
    await page.getByTestId('last-rendered').waitFor();
    await shoot(page, 'job-detail-active-light');
    double.completeJob(job.id);
    await page.getByTestId('detail-status').getByText('completed').waitFor();
    expect(await page.getByTestId('detail-progress').textContent()).toBe('100%');
    await expect.poll(() => harness.notifier.shown.map((notification) => [notification.kind, notification.body])).toContainEqual(['job-completed', 'shot']);
  });

  it('queues a submission while the Manager is down and sends it when the Manager is back', async () => {
    const { page, double } = harness;
    await page.getByTestId('nav-submit').click();
    await double.down();
    await dropFiles(page, [blend]);
    const draft = page.getByTestId('draft');
    await draft.getByTestId('job-name').fill('shot offline');
    await page.getByRole('button', { name: 'Choose Render output root' }).click();
    await page.getByTestId('submit-button').click();
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('offline-banner').waitFor({ timeout: 90_000 });
    await shoot(page, 'queue-offline-light');
    await double.up();
    await page.locator('[data-testid=queue-entry][data-phase=submitted]', { hasText: 'shot offline' }).waitFor({ timeout: 120_000 });
    expect(double.state.jobs.map((candidate) => candidate.name).sort()).toEqual(['shot', 'shot offline']);
  });
});
