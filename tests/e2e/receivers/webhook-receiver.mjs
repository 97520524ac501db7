// An HTTP webhook endpoint on loopback that checks Herald's signatures and can be told to
// succeed, fail or hang, for the tests of webhook delivery, retries and timeouts.
//
//   node webhook-receiver.mjs --secret S [--port N] [--mode ok|fail|hang] [--store FILE]
//
// stdout carries exactly one line, {"port": <port>}, once it listens; logs go to stderr.
// Every POST outside /_ is a delivery: recorded, then answered by the mode (ok: 204, or 401
// for a bad signature; fail: 500; hang: no answer at all). Control: POST /_mode (body
// ok|fail|hang), GET /_mode, GET /_received, DELETE /_received, GET /_count, GET /_health.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import { JsonlStore, onSignals, portOption, readBody, reply, usage } from './common.mjs';

const MAX_BODY_BYTES = 1024 * 1024;
const MODES = ['ok', 'fail', 'hang'];

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      secret: { type: 'string' },
      port: { type: 'string' },
      mode: { type: 'string' },
      store: { type: 'string' },
    },
    strict: true,
  }));
} catch (err) {
  usage(`webhook-receiver: ${err.message}`);
}
if (!args.secret) usage('webhook-receiver: --secret is required');
const port = portOption(args.port, '--port');
let mode = args.mode ?? 'ok';
if (!MODES.includes(mode)) usage(`webhook-receiver: --mode must be one of ${MODES.join('|')}, got ${mode}`);

const log = (line) => process.stderr.write(`webhook-receiver: ${line}\n`);
const store = await new JsonlStore(args.store ?? null).open();

/**
 * Checks `Herald-Signature: t=<unix seconds>,v1=<hex>` against HMAC-SHA256("<t>.<raw body>").
 * Several v1 entries are allowed (a sender rotating its secret signs with both); any match
 * counts. The timestamp is returned, not judged: how old is too old is the test's question.
 */
function checkSignature(header, body) {
  let timestamp = null;
  const signatures = [];
  for (const part of String(header ?? '').split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === null || signatures.length === 0) return { timestamp, signatureValid: false };
  // Over the raw bytes, never a re-serialisation, exactly as the sender signed them.
  const expected = createHmac('sha256', args.secret)
    .update(`${timestamp}.`)
    .update(body)
    .digest();
  // Every candidate is compared, so the time does not tell which one matched.
  const signatureValid = signatures.reduce((ok, sig) => timingSafeEqual(sig, expected) || ok, false);
  return { timestamp, signatureValid };
}

async function control(req, res, pathname) {
  if (pathname === '/_health' && req.method === 'GET') return reply(res, 200, { ok: true });
  if (pathname === '/_mode' && req.method === 'GET') return reply(res, 200, { mode });
  if (pathname === '/_mode' && req.method === 'POST') {
    const wanted = (await readBody(req, 64)).toString('utf8').trim();
    if (!MODES.includes(wanted)) return reply(res, 400, { error: `mode must be one of ${MODES.join('|')}` });
    mode = wanted;
    log(`mode ${mode}`);
    return reply(res, 204);
  }
  if (pathname === '/_received' && req.method === 'GET') return reply(res, 200, store.records);
  if (pathname === '/_count' && req.method === 'GET') {
    const valid = store.records.filter((r) => r.signatureValid).length;
    return reply(res, 200, { count: store.records.length, valid });
  }
  if (pathname === '/_received' && req.method === 'DELETE') {
    await store.clear();
    return reply(res, 204);
  }
  return reply(res, 404, { error: 'not found' });
}

async function delivery(req, res) {
  const body = await readBody(req, MAX_BODY_BYTES);
  const text = body.toString('utf8');
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: recorded with json null, which is what a test asserting JSON wants to see.
  }
  const { timestamp, signatureValid } = checkSignature(req.headers['herald-signature'], body);
  // The mode as the request arrived decides the answer, even if a test switches it meanwhile.
  const answeredMode = mode;
  const status = { ok: signatureValid ? 204 : 401, fail: 500, hang: null }[answeredMode];
  await store.append({
    path: req.url,
    headers: req.headers,
    body: text,
    json,
    signatureValid,
    timestamp,
    receivedAt: new Date().toISOString(),
    mode: answeredMode,
    status,
  });
  log(`${req.url}: signature ${signatureValid ? 'valid' : 'INVALID'}, mode ${answeredMode}`);
  // hang: the socket stays open until the sender gives up or the receiver stops.
  if (status !== null) reply(res, status);
}

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  const handle = pathname.startsWith('/_')
    ? control(req, res, pathname)
    : req.method === 'POST'
      ? delivery(req, res)
      : Promise.resolve(reply(res, 405, { error: 'deliveries are POSTs' }));
  handle.catch((err) => {
    if (!err.status) log(`request failed: ${err.stack ?? err}`);
    if (!res.headersSent && !res.destroyed) reply(res, err.status ?? 500, { error: err.message });
  });
});
// A hung delivery must hang as long as the sender waits, not as long as Node's default.
server.requestTimeout = 0;

const listening = await new Promise((resolve) => {
  const fail = (err) => {
    log(`cannot listen: ${err.message}`);
    process.exit(1);
  };
  server.once('error', fail);
  server.listen(port, '127.0.0.1', () => {
    server.off('error', fail);
    resolve(server.address().port);
  });
});
process.stdout.write(`${JSON.stringify({ port: listening })}\n`);
log(`listening on 127.0.0.1:${listening}, mode ${mode}, store ${args.store ?? '(memory)'} ` +
  `with ${store.records.length} record(s)`);

onSignals(async () => {
  const closed = new Promise((resolve) => server.close(resolve));
  // Hung deliveries would otherwise keep close() waiting forever.
  server.closeAllConnections();
  await closed;
  await store.close();
});
