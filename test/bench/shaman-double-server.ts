// Runs the Manager double in its own process for the Shaman benchmarks, so the server does
// not share an event loop with the client being measured (curl gets its own process too).
// Prints one JSON line {url, storage} on stdout, then serves until stdin closes.
import { startManagerDouble } from '../support/manager-double';

const storage = process.argv[2];
const double = await startManagerDouble(storage === undefined ? {} : { storageLocation: storage });
// Optional delay before each upload is handled, standing in for network latency.
const uploadDelayMs = Number(process.env['SHAMAN_DOUBLE_UPLOAD_DELAY_MS'] ?? 0);
if (uploadDelayMs > 0) double.faults.slow(uploadDelayMs, { path: '/api/v3/shaman/files/' });
process.stdout.write(`${JSON.stringify({ url: double.url, storage: double.config.storageLocation })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void double.close().then(() => process.exit(0));
});
