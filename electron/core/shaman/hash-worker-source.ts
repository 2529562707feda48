/**
 * The hash worker's code, as plain JavaScript run with `new Worker(source, { eval: true })`.
 * Keeping it a string means the same code runs from the TypeScript sources (vitest, tsx)
 * and from the bundled app or CLI with no worker file to locate or copy next to the bundle.
 *
 * Protocol: the worker gets `{ id, lane, path }`, answers `{ id, kind: 'progress', bytes }`
 * zero or more times, then `{ id, kind: 'done', sha256, size, mtimeNs, inode, device }`
 * or `{ id, kind: 'error', code, message }`. A job `{ id, lane, paths }` stats files
 * instead and answers `{ id, kind: 'stats', stats }`. The pool keeps a few jobs in flight
 * per worker so the worker never waits for a main-thread round trip between two files;
 * the worker queues them and runs them strictly one after the other, so a big file's
 * reads never share the read buffers with another job. Each in-flight job owns a lane:
 * the main thread cancels job `id` by storing `id` into the shared `cancel` cell of its
 * lane; the worker checks it before the job starts and between reads.
 *
 * Big files are read with two buffers: the next read runs on the thread pool while this
 * thread hashes the previous buffer, so disk (or page cache) and SHA-256 overlap. Small
 * files are read synchronously in one go: a round trip through the thread pool would cost
 * more than the read.
 */
export const hashWorkerSource = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');

const cancel = new Int32Array(workerData.cancel);
const chunkBytes = workerData.chunkBytes;
const progressBytes = workerData.progressBytes;
const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
const queue = [];
let running = false;

class Failure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function readAt(fd, buffer, position) {
  return new Promise((resolve, reject) => {
    fs.read(fd, buffer, 0, buffer.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
}

function sameVersion(before, after) {
  return before.size === after.size && before.mtimeNs === after.mtimeNs && before.ino === after.ino && before.dev === after.dev;
}

function checkCanceled(job) {
  if (Atomics.load(cancel, job.lane) === job.id) throw new Failure('canceled', 'Hashing was canceled.');
}

function openFile(path) {
  try {
    return fs.openSync(path, 'r');
  } catch (error) {
    const code = error && error.code === 'ENOENT' ? 'file-missing' : 'file-unreadable';
    throw new Failure(code, 'Cannot open ' + path + ': ' + (error && error.message));
  }
}

function unreadable(path, error) {
  if (error instanceof Failure) return error;
  return new Failure('file-unreadable', 'Cannot read ' + path + ': ' + (error && error.message));
}

// The file must still be the version stat'ed before the first read, and must have been
// read to its end: otherwise it was written to while we read it.
function finish(fd, path, before, hash, position) {
  const after = fs.fstatSync(fd, { bigint: true });
  if (!sameVersion(before, after) || BigInt(position) !== after.size) {
    throw new Failure('file-changed', path + ' changed while it was being hashed.');
  }
  return {
    sha256: hash.digest('hex'),
    size: position,
    mtimeNs: after.mtimeNs.toString(),
    inode: after.ino.toString(),
    device: after.dev.toString(),
  };
}

// A small file, fully synchronous: no promise, no thread-pool round trip. The read stops
// at the stat'ed size (the closing fstat catches a file that grew meanwhile), which saves
// the read that would only return 0.
function hashSmall(fd, path, before) {
  const hash = createHash('sha256');
  const size = Number(before.size);
  const buffer = buffers[0];
  let position = 0;
  for (;;) {
    const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
    if (position === size) break;
  }
  return finish(fd, path, before, hash, position);
}

async function hashBig(job, fd, before) {
  const hash = createHash('sha256');
  let position = 0;
  let current = 0;
  let unreported = 0;
  let pending = readAt(fd, buffers[0], 0);
  try {
    for (;;) {
      const bytesRead = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      checkCanceled(job);
      const buffer = buffers[current];
      position += bytesRead;
      current = 1 - current;
      pending = readAt(fd, buffers[current], position);
      hash.update(buffer.subarray(0, bytesRead));
      unreported += bytesRead;
      if (unreported >= progressBytes) {
        parentPort.postMessage({ id: job.id, kind: 'progress', bytes: unreported });
        unreported = 0;
      }
    }
  } finally {
    if (pending !== undefined) await pending.catch(() => undefined);
  }
  return finish(fd, job.path, before, hash, position);
}

function answerError(job, error) {
  parentPort.postMessage({ id: job.id, kind: 'error', code: error.code || 'file-unreadable', message: error.message });
}

function answerDone(job, result) {
  parentPort.postMessage({ id: job.id, kind: 'done', ...result });
}

// Answers the job synchronously when it can (small files, stats), else returns the promise
// of its answer: the queue waits for it before the next job.
function runJob(job) {
  if (job.paths !== undefined) {
    parentPort.postMessage({ id: job.id, kind: 'stats', stats: statFiles(job.paths) });
    return undefined;
  }
  let fd;
  try {
    checkCanceled(job);
    fd = openFile(job.path);
  } catch (error) {
    answerError(job, error);
    return undefined;
  }
  let before;
  try {
    before = fs.fstatSync(fd, { bigint: true });
    if (!before.isFile()) throw new Failure('file-unreadable', job.path + ' is not a regular file.');
    if (before.size <= BigInt(chunkBytes)) {
      const result = hashSmall(fd, job.path, before);
      fs.closeSync(fd);
      answerDone(job, result);
      return undefined;
    }
  } catch (error) {
    fs.closeSync(fd);
    answerError(job, unreadable(job.path, error));
    return undefined;
  }
  return hashBig(job, fd, before).then(
    (result) => {
      fs.closeSync(fd);
      answerDone(job, result);
    },
    (error) => {
      fs.closeSync(fd);
      answerError(job, unreadable(job.path, error));
    },
  );
}

function drain() {
  running = true;
  while (queue.length > 0) {
    const waiting = runJob(queue.shift());
    if (waiting !== undefined) {
      waiting.then(drain);
      return;
    }
  }
  running = false;
}

// Stats many files with synchronous calls: in a worker that blocks nobody, and it is
// several times faster than one thread-pool round trip per file.
function statFiles(paths) {
  return paths.map((path) => {
    try {
      const stats = fs.statSync(path, { bigint: true });
      if (!stats.isFile()) return { error: 'file-unreadable', message: path + ' is not a regular file.' };
      return { size: Number(stats.size), mtimeNs: stats.mtimeNs.toString(), inode: stats.ino.toString(), device: stats.dev.toString() };
    } catch (error) {
      const code = error && error.code === 'ENOENT' ? 'file-missing' : 'file-unreadable';
      return { error: code, message: 'Cannot read ' + path + ': ' + (error && error.message) };
    }
  });
}

parentPort.on('message', (job) => {
  queue.push(job);
  if (!running) drain();
});
`;
