/**
 * The hash worker's code, as plain JavaScript run with `new Worker(source, { eval: true })`.
 * Keeping it a string means the same code runs from the TypeScript sources (vitest, tsx)
 * and from the bundled app or CLI with no worker file to locate or copy next to the bundle.
 *
 * Protocol: the worker gets `{ id, path }`, answers `{ id, kind: 'progress', bytes }`
 * zero or more times, then `{ id, kind: 'done', sha256, size, mtimeNs, inode, device }`
 * or `{ id, kind: 'error', code, message }`. A job `{ id, paths }` stats files instead and
 * answers `{ id, kind: 'stats', stats }`. The main thread cancels job `id` by storing
 * `id` into the shared `cancel` cell; the worker checks it between reads.
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

function checkCanceled(id) {
  if (Atomics.load(cancel, 0) === id) throw new Failure('canceled', 'Hashing was canceled.');
}

async function hashFile(id, path) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    const code = error && error.code === 'ENOENT' ? 'file-missing' : 'file-unreadable';
    throw new Failure(code, 'Cannot open ' + path + ': ' + (error && error.message));
  }
  let pending;
  try {
    const before = fs.fstatSync(fd, { bigint: true });
    if (!before.isFile()) throw new Failure('file-unreadable', path + ' is not a regular file.');
    const hash = createHash('sha256');
    let position = 0;
    if (before.size <= BigInt(chunkBytes)) {
      const buffer = buffers[0];
      for (;;) {
        const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
    } else {
      let current = 0;
      let unreported = 0;
      pending = readAt(fd, buffers[0], 0);
      for (;;) {
        const bytesRead = await pending;
        pending = undefined;
        if (bytesRead === 0) break;
        checkCanceled(id);
        const buffer = buffers[current];
        position += bytesRead;
        current = 1 - current;
        pending = readAt(fd, buffers[current], position);
        hash.update(buffer.subarray(0, bytesRead));
        unreported += bytesRead;
        if (unreported >= progressBytes) {
          parentPort.postMessage({ id, kind: 'progress', bytes: unreported });
          unreported = 0;
        }
      }
    }
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
  } catch (error) {
    if (error instanceof Failure) throw error;
    throw new Failure('file-unreadable', 'Cannot read ' + path + ': ' + (error && error.message));
  } finally {
    if (pending !== undefined) await pending.catch(() => undefined);
    fs.closeSync(fd);
  }
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
  if (job.paths !== undefined) {
    parentPort.postMessage({ id: job.id, kind: 'stats', stats: statFiles(job.paths) });
    return;
  }
  hashFile(job.id, job.path).then(
    (result) => parentPort.postMessage({ id: job.id, kind: 'done', ...result }),
    (error) => parentPort.postMessage({ id: job.id, kind: 'error', code: error.code || 'file-unreadable', message: error.message }),
  );
});
`;
