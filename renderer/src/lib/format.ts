/** Numbers, sizes and times as the UI writes them. Pure: tests call these directly. */

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `1536` → `1.5 KB` (binary multiples, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${byteUnits[unit] ?? 'B'}`;
}

/** Bytes per second, e.g. `12.3 MB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** `3725000` → `1 h 2 min`; under a minute → `45 s`. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return '–';
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60 > 0 && minutes < 10 ? `${seconds % 60} s` : ''}`.trim();
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** How long ago an ISO time was, relative to `now` (ms): `just now`, `5 min ago`, `3 h ago`, or a date. */
export function formatAgo(iso: string | undefined, now: number): string {
  if (iso === undefined) return '–';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '–';
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(time).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A clock time for "next retry at ...": `14:05:09`. */
export function formatClock(milliseconds: number): string {
  return new Date(milliseconds).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Progress as a whole percentage (0 when there are no steps). */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** `render_output_root` → `Render output root`. */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The last part of a path, for either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter((part) => part !== '').at(-1) ?? path;
}

/**
 * A job's progress from 0 to 1: its steps when the Manager counts them, else 1 for a
 * completed job and 0 otherwise (jobs whose tasks report no steps have a total of 0).
 */
export function jobProgress(job: { readonly status: string; readonly stepsCompleted: number; readonly stepsTotal: number }): number {
  if (job.stepsTotal > 0) return Math.max(0, Math.min(1, job.stepsCompleted / job.stepsTotal));
  return job.status === 'completed' ? 1 : 0;
}
