/**
 * Renderer benchmark: the built renderer in Chromium, served by the real bridge whose
 * handlers are fed by a fake farm (no Manager, no core services). Loads 10k jobs and 50k
 * tasks, then replays 1,000 live updates a second for five seconds, and prints:
 * - first paint of the Jobs screen with 10k jobs, and its ratio to 100 jobs measured in the same run;
 * - the slowest frame and the 95th percentile while updates stream, and their ratio to an idle
 *   stretch of the same page.
 * Run: npx tsx test/bench/renderer.bench.ts
 */
import type { Page } from 'playwright-core';
import { defaultSettings } from '../../electron/common/domain/settings';
import type { JobId, JobStatus, JobSummary, LiveChange, TaskId, TaskSummary } from '../../electron/common/domain/farm';
import { jobStatuses } from '../../electron/common/domain/farm';
import type { FarmSnapshot } from '../../electron/common/domain/farm-view';
import type { ManagerId } from '../../electron/common/domain/manager-profile';
import { invokeChannels } from '../../electron/common/ipc/contract';
import { EventHub } from '../../electron/core/api/event-hub';
import type { ContractHandlers } from '../../electron/core/api/contract-handlers';
import { startBridge } from '../../electron/core/bridge/bridge-server';
import { buildRendererIfStale } from '../e2e/harness';
import { launchChromium } from '../support/browser';

const updatesPerSecond = 1000;
const batchesPerSecond = 10;
const replaySeconds = 5;

function makeJobs(count: number): JobSummary[] {
  const jobs: JobSummary[] = [];
  for (let index = 0; index < count; index += 1) {
    const status: JobStatus = jobStatuses[index % 4 === 0 ? 0 : index % 7] ?? 'queued';
    jobs.push({
      id: `job-${index.toString().padStart(6, '0')}` as JobId,
      name: `shot ${index} lighting v${index % 13}`,
      type: index % 3 === 0 ? 'echo-sleep-test' : 'simple-blender-render',
      status,
      priority: index % 100,
      stepsCompleted: index % 50,
      stepsTotal: 50,
      updated: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
      activity: '',
      settings: {},
      metadata: {},
    });
  }
  return jobs;
}

function tasksOf(job: JobSummary, count: number): TaskSummary[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${job.id}-task-${index}` as TaskId,
    jobId: job.id,
    name: `render ${index}`,
    status: 'queued',
    indexInJob: index,
    updated: job.updated,
    stepsCompleted: 0,
    stepsTotal: 10,
  }));
}

function snapshotOf(jobs: readonly JobSummary[]): FarmSnapshot {
  return {
    manager: { id: 'bench' as ManagerId, name: 'Bench farm', url: 'http://bench/', extraHeaders: {}, secretHeaderNames: [], isActive: true, createdAt: 0 },
    version: { version: '3.9', shortVersion: '3.9', name: 'Bench farm', git: 'bench' },
    connection: { kind: 'live' },
    farmStatus: 'active',
    jobs,
    workers: [],
    tags: [],
    etas: {},
  };
}

async function serve(jobs: readonly JobSummary[]): Promise<{ readonly pageUrl: string; readonly events: EventHub; close(): Promise<void> }> {
  const events = new EventHub();
  const fallback = (): never => {
    throw new Error('not part of the benchmark');
  };
  const handlers = {
    ...Object.fromEntries(invokeChannels.map((channel) => [channel, fallback])),
    'app:info': () => ({ version: 'bench', host: 'bridge', platform: 'linux', dataDirectory: '/bench' }),
    'settings:get': () => defaultSettings,
    'managers:list': () => [],
    'farm:snapshot': () => snapshotOf(jobs),
    'job-types:list': () => [],
    'presets:list': () => [],
    'queue:list': () => [],
    'shell:pending-files': () => [],
  } as unknown as ContractHandlers;
  const bridge = await startBridge({ handlers, events, staticDirectory: buildRendererIfStale() });
  return { pageUrl: bridge.pageUrl, events, close: () => bridge.close() };
}

type FrameStats = { readonly frames: number; readonly slowest: number; readonly p95: number };

const browser = await launchChromium();

/** Opens the app and the Jobs screen; returns the milliseconds from the click to the first job row painted. */
async function firstPaint(jobCount: number): Promise<{ readonly milliseconds: number; close(): Promise<void>; readonly page: Page; readonly events: EventHub; readonly jobs: JobSummary[] }> {
  const jobs = makeJobs(jobCount);
  const server = await serve(jobs);
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(server.pageUrl);
  await page.getByTestId('drop-zone').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=manager-name]')?.textContent === 'Bench farm');
  // Page scripts are strings: tsx would wrap named functions in a helper the page lacks.
  const milliseconds = (await page.evaluate(`new Promise((resolve) => {
    const start = performance.now();
    document.querySelector('[data-testid=nav-jobs]').click();
    const check = () => {
      if (document.querySelector('[data-job-id]') !== null) requestAnimationFrame(() => resolve(performance.now() - start));
      else requestAnimationFrame(check);
    };
    check();
  })`)) as number;
  return { milliseconds, page, events: server.events, jobs, close: async () => {
    await page.close();
    await server.close();
  } };
}

/** Records frame times in the page for `seconds` while `during` runs. */
async function measureFrames(page: Page, seconds: number, during: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__measuring = true;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__measuring) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await during();
  void seconds;
  const frames = (await page.evaluate(`(() => {
    window.__measuring = false;
    return window.__frames.slice(1);
  })()`)) as number[];
  const sorted = [...frames].sort((left, right) => left - right);
  return { frames: frames.length, slowest: sorted.at(-1) ?? 0, p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0 };
}

function wait(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

const small = await firstPaint(100);
await small.close();
const large = await firstPaint(10_000);
const { page, events, jobs } = large;

// 50k tasks: five per job, delivered as live batches (as core does when jobs are watched).
const taskLists = new Map(jobs.map((job) => [job.id, tasksOf(job, 5)]));
const loadBatches: LiveChange[][] = [];
for (let start = 0; start < jobs.length; start += 1000) {
  loadBatches.push(jobs.slice(start, start + 1000).map((job) => ({ kind: 'tasks-replaced', jobId: job.id, tasks: taskLists.get(job.id) ?? [] })));
}
for (const batch of loadBatches) events.emit('farm:changed', batch);
await page.waitForFunction('true');

const idle = await measureFrames(page, replaySeconds, () => wait(replaySeconds * 1000));

let sequence = 0;
function updateBatch(size: number): LiveChange[] {
  const changes: LiveChange[] = [];
  for (let index = 0; index < size; index += 1) {
    sequence += 1;
    const job = jobs[(sequence * 7919) % jobs.length];
    if (job === undefined) continue;
    if (sequence % 2 === 0) {
      const updated = { ...job, stepsCompleted: (job.stepsCompleted + 1) % 51, updated: new Date(Date.UTC(2026, 1, 1) + sequence).toISOString() };
      jobs[(sequence * 7919) % jobs.length] = updated;
      changes.push({ kind: 'job-updated', job: updated, previousStatus: job.status });
    } else {
      const task = taskLists.get(job.id)?.[sequence % 5];
      if (task !== undefined) changes.push({ kind: 'task-updated', task: { ...task, status: 'active', stepsCompleted: sequence % 10 } });
    }
  }
  return changes;
}

const streaming = await measureFrames(page, replaySeconds, async () => {
  const perBatch = updatesPerSecond / batchesPerSecond;
  for (let batch = 0; batch < replaySeconds * batchesPerSecond; batch += 1) {
    events.emit('farm:changed', updateBatch(perBatch));
    await wait(1000 / batchesPerSecond);
  }
});
const rowsShown = await page.locator('[data-job-id]').count();
await large.close();
await browser.close();

const format = (value: number): string => `${value.toFixed(1)} ms`;
process.stdout.write(
  [
    'Renderer benchmark (built renderer, Chromium headless, real bridge, fake farm)',
    `first paint of Jobs, 100 jobs:        ${format(small.milliseconds)}`,
    `first paint of Jobs, 10,000 jobs:     ${format(large.milliseconds)}  (x${(large.milliseconds / small.milliseconds).toFixed(2)} of 100 jobs)`,
    `rows in the DOM with 10,000 jobs:     ${rowsShown}`,
    `idle, ${replaySeconds} s:                        ${idle.frames} frames, slowest ${format(idle.slowest)}, p95 ${format(idle.p95)}`,
    `${updatesPerSecond} updates/s over 50k tasks, ${replaySeconds} s: ${streaming.frames} frames, slowest ${format(streaming.slowest)} (x${(streaming.slowest / idle.slowest).toFixed(2)} of idle), p95 ${format(streaming.p95)} (x${(streaming.p95 / idle.p95).toFixed(2)} of idle)`,
    '',
  ].join('\n'),
);
