// Benchmarks of the Manager client and the live model. Run: npx tsx test/bench/flamenco-client.bench.ts
// Ratios compare runs in this same process; each side takes the best of 5.
//  F1: ManagerClient.jobs() (timeout, validation, mapping) vs raw fetch + JSON.parse of the same answer.
//  F2: LiveModel applying /jobs events vs only validating them (the floor: zod parse).
import type { JobId } from '../../electron/common/domain/farm';
import { LiveModel } from '../../electron/core/flamenco/live/live-model';
import type { LiveSocket, ManagerEventName } from '../../electron/core/flamenco/live/live-socket';
import { ManagerClient } from '../../electron/core/flamenco/manager-client';
import { jobEventSchema } from '../../electron/core/flamenco/schemas';
import { startManagerDouble } from '../support/manager-double';
import { best, envNumber, machineLine } from './bench-support';

const jobCount = envNumber('FLAMENCO_BENCH_JOBS', 500);
const eventCount = envNumber('FLAMENCO_BENCH_EVENTS', 50_000);

console.log(`Flamenco client benchmarks; ${jobCount} jobs, ${eventCount} events; ${machineLine()}`);
const double = await startManagerDouble({ name: 'Bench', version: '3.9' });
try {
  const client = ManagerClient.create({ baseUrl: double.url });
  const jobType = await client.jobType('echo-sleep-test');
  for (let index = 0; index < jobCount; index += 1) {
    await client.submitJob({ name: `job ${index}`, type: 'echo-sleep-test', type_etag: jobType.etag, priority: 50, submitter_platform: 'linux', settings: { message: 'm' } });
  }
  const raw = await best(5, async () => {
    const response = await fetch(`${double.url}/api/v3/jobs`);
    JSON.parse(await response.text());
  });
  const ours = await best(5, () => client.jobs());
  console.log(`F1 list ${jobCount} jobs: ours ${ours.toFixed(1)} ms, raw fetch ${raw.toFixed(1)} ms -> ${(ours / raw).toFixed(2)}x raw's time`);

  const jobs = await client.jobs();
  const events = Array.from({ length: eventCount }, (_unused, index) => {
    const job = jobs[index % jobs.length];
    return {
      id: job?.id ?? '',
      name: job?.name ?? '',
      updated: new Date(Date.UTC(2026, 0, 1, 0, 0, index % 60)).toISOString(),
      status: 'active',
      previous_status: 'queued',
      type: 'echo-sleep-test',
      priority: 50,
      refresh_tasks: false,
      steps_completed: index % 10,
      steps_total: 10,
    };
  });
  const validateOnly = await best(5, () => {
    for (const event of events) jobEventSchema.safeParse(event);
  });
  let deliver: (name: ManagerEventName, payload: unknown) => void = () => undefined;
  const socket: LiveSocket = {
    onConnect: () => undefined,
    onDisconnect: () => undefined,
    onConnectError: () => undefined,
    onEvent: (listener) => void (deliver = listener),
    subscribe: async () => 'ok',
    close: () => undefined,
  };
  const model = new LiveModel({ client, socketFactory: () => socket });
  await model.start();
  let changes = 0;
  model.onChange(() => void (changes += 1));
  const applied = await best(5, () => {
    for (const event of events) deliver('/jobs', event);
  });
  await model.stop();
  console.log(
    `F2 apply ${eventCount} job events: model ${applied.toFixed(1)} ms (${Math.round(eventCount / (applied / 1000))} events/s), validation only ${validateOnly.toFixed(1)} ms -> ${(applied / validateOnly).toFixed(2)}x validation's time; ${changes} changes emitted; ${model.eta(jobs[0]?.id as JobId).kind} ETA`,
  );
} finally {
  await double.close();
}
