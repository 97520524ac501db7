// What both loopback receivers share, above all an append-only JSON-lines store that outlives the
// receiver process, so a test can stop a receiver (an outage) and start it again on the same
// file without losing what had already been accepted.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Records kept in memory at most: the fan-out benchmark's 10,000 emails with room to spare;
 * a test that needs more is broken, not busy. */
const MAX_RECORDS = 20_000;

export class JsonlStore {
  /** `file` may be null: then records live in memory only. */
  constructor(file) {
    this.file = file;
    this.records = [];
    this.handle = null;
    // One write at a time, in arrival order, so lines never interleave and a truncate never
    // races an append.
    this.queue = Promise.resolve();
  }

  /** Loads what earlier runs stored and opens the file for appending. */
  async open() {
    if (!this.file) return this;
    if (existsSync(this.file)) {
      const bytes = readFileSync(this.file);
      const end = bytes.lastIndexOf(0x0a) + 1;
      if (end < bytes.length) {
        // A torn last line is a write that a killed receiver never acknowledged (it answers
        // only after fsync), so dropping it loses nothing that a sender was told was received.
        process.stderr.write(`store: dropping a torn last line of ${bytes.length - end} bytes\n`);
        truncateSync(this.file, end);
        const fd = openSync(this.file, 'r+');
        fsyncSync(fd);
        closeSync(fd);
      }
      for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
        if (line.trim()) this.records.push(JSON.parse(line));
      }
    }
    this.handle = await open(this.file, 'a');
    return this;
  }

  /** Resolves once the record is in memory and, with a file, on disk (fsync'ed). */
  append(record) {
    return this.#serial(async () => {
      if (this.records.length >= MAX_RECORDS) throw new Error(`store is full (${MAX_RECORDS} records)`);
      if (this.handle) {
        await this.handle.write(`${JSON.stringify(record)}\n`);
        await this.handle.sync();
      }
      this.records.push(record);
    });
  }

  clear() {
    return this.#serial(async () => {
      this.records = [];
      if (this.handle) {
        await this.handle.truncate(0);
        await this.handle.sync();
      }
    });
  }

  /** Waits for pending writes, then closes the file. */
  close() {
    return this.#serial(async () => {
      await this.handle?.close();
      this.handle = null;
    });
  }

  #serial(job) {
    const run = this.queue.then(job);
    // A failed write fails its own caller only, not every later one.
    this.queue = run.catch(() => {});
    return run;
  }
}

/** Reads an HTTP request body, refusing (rejecting with .status 413) past `limit` bytes. */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        // Drain rather than destroy the socket, so the sender reads the 413 instead of a reset.
        req.removeAllListeners('data');
        req.resume();
        reject(Object.assign(new Error(`body over ${limit} bytes`), { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answers with JSON (or an empty body when `value` is undefined). */
export function reply(res, status, value) {
  if (value === undefined) {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
    return;
  }
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Parses a port option: an integer 0..65535, 0 meaning "any free port". */
export function portOption(value, name) {
  const port = Number(value ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`${name} must be a port number, got ${value}`);
  return port;
}

export function usage(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Runs `stop` once on SIGTERM/SIGINT, then exits 0; a stop that hangs is cut short. */
export function onSignals(stop) {
  let stopping = false;
  const handler = async (signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping\n`);
    setTimeout(() => process.exit(0), 3000).unref();
    try {
      await stop();
    } catch (err) {
      process.stderr.write(`while stopping: ${err.stack ?? err}\n`);
    }
    process.exit(0);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
