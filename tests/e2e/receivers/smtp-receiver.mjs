// A real SMTP server on loopback that keeps every message it accepts, for the tests that need
// Herald to deliver mail through an actual SMTP conversation rather than a mock.
//
//   node smtp-receiver.mjs [--smtp-port N] [--http-port N] [--store FILE]
//                          [--user U --pass P] [--delay-ms N]
//
// stdout carries exactly one line, {"smtp": <port>, "http": <port>}, once both servers listen;
// everything else goes to stderr, so a parent can read that one line and nothing can corrupt it.
// HTTP: GET /messages[?to=addr], DELETE /messages, GET /count, GET /health.
import { createServer } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseArgs } from 'node:util';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { JsonlStore, onSignals, portOption, reply, usage } from './common.mjs';

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      'smtp-port': { type: 'string' },
      'http-port': { type: 'string' },
      store: { type: 'string' },
      user: { type: 'string' },
      pass: { type: 'string' },
      'delay-ms': { type: 'string' },
    },
    strict: true,
  }));
} catch (err) {
  usage(`smtp-receiver: ${err.message}`);
}
const smtpPort = portOption(args['smtp-port'], '--smtp-port');
const httpPort = portOption(args['http-port'], '--http-port');
const delayMs = Number(args['delay-ms'] ?? 0);
if (!Number.isInteger(delayMs) || delayMs < 0) usage(`smtp-receiver: --delay-ms must be a whole number, got ${args['delay-ms']}`);
if ((args.user === undefined) !== (args.pass === undefined)) usage('smtp-receiver: --user and --pass go together');
const auth = args.user === undefined ? null : { user: args.user, pass: args.pass };

const log = (line) => process.stderr.write(`smtp-receiver: ${line}\n`);
const store = await new JsonlStore(args.store ?? null).open();
// Sessions whose client is still connected: a message whose sender left during --delay-ms never
// got its 250, so it is not kept, and a test sees exactly the messages a sender was told went.
const connected = new Set();
let stopping = false;

function sameSecret(given, expected) {
  // Digests first: timingSafeEqual needs equal lengths, and this hides the length too.
  const digest = (value) => createHash('sha256').update(String(value ?? '')).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Header values as they were sent (unfolded, not decoded), keyed by lower-cased name. */
function rawHeaders(headerLines) {
  const headers = {};
  for (const { key, line } of headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
    // A repeated header (Received, say) keeps every value, in order.
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}

function smtpError(message, responseCode) {
  return Object.assign(new Error(message), { responseCode });
}

async function receive(stream, session) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    // Past the limit the server answers 552 itself (rejectOversized); only stop buffering.
    if (size <= MAX_MESSAGE_BYTES) chunks.push(chunk);
  }
  if (stream.sizeExceeded) throw smtpError('message too big', 552);
  // The delay comes before keeping, so a receiver stopped during it (an outage mid-message)
  // keeps nothing, and neither does a sender that timed out and hung up meanwhile.
  if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
  if (stopping) throw smtpError('shutting down', 421);
  if (!connected.has(session.id)) {
    log(`sender of session ${session.id} hung up before the answer; message not kept`);
    throw smtpError('sender gone', 451);
  }

  const parsed = await simpleParser(Buffer.concat(chunks), { skipImageLinks: true });
  const references = parsed.references === undefined ? [] : [].concat(parsed.references);
  const message = {
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
    envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references,
    subject: parsed.subject ?? null,
    from: parsed.from?.text ?? null,
    to: parsed.to === undefined ? null : [].concat(parsed.to).map((to) => to.text).join(', '),
    date: parsed.date ? parsed.date.toISOString() : null,
    headers: rawHeaders(parsed.headerLines),
    text: parsed.text ?? null,
    html: parsed.html || null,
    receivedAt: new Date().toISOString(),
  };
  // Kept (and fsync'ed) before the 250, so an accepted message survives a crash right after.
  await store.append(message);
  log(`kept ${message.messageId ?? '(no Message-ID)'} for ${message.envelopeTo.join(', ')}`);
}

const smtp = new SMTPServer({
  name: 'herald-smtp-receiver',
  banner: 'Herald test receiver',
  // Plain SMTP only: a loopback test has nothing to protect, and without STARTTLS the library
  // never presents its built-in (publicly known) certificate.
  secure: false,
  disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
  // Without TLS the library hides AUTH unless told that plaintext AUTH is fine.
  allowInsecureAuth: true,
  authMethods: ['PLAIN', 'LOGIN'],
  authOptional: !auth,
  size: MAX_MESSAGE_BYTES,
  rejectOversized: true,
  maxClients: 64,
  // A stopped receiver stands for a relay outage: drop clients quickly instead of the
  // library's long grace period.
  closeTimeout: 500,
  logger: false,
  onConnect(session, callback) {
    connected.add(session.id);
    callback();
  },
  onClose(session) {
    connected.delete(session.id);
  },
  onAuth(credentials, session, callback) {
    if (auth && credentials.username === auth.user && sameSecret(credentials.password, auth.pass)) {
      return callback(null, { user: credentials.username });
    }
    log(`refused AUTH ${credentials.method} for ${JSON.stringify(credentials.username)}`);
    return callback(smtpError('Invalid username or password', 535));
  },
  onData(stream, session, callback) {
    receive(stream, session).then(
      () => callback(null, 'OK: message kept'),
      (err) => {
        if (!err.responseCode) log(`could not keep a message: ${err.stack ?? err}`);
        // Drain whatever is left so the library can send the reply.
        stream.resume();
        callback(err.responseCode ? err : smtpError(`could not keep the message: ${err.message}`, 451));
      },
    );
  },
});
smtp.on('error', (err) => log(`smtp error: ${err.message}`));

const http = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/health' && req.method === 'GET') return reply(res, 200, { ok: true });
  // How many messages arrived, without shipping them all: for the fan-out benchmark.
  if (url.pathname === '/count' && req.method === 'GET') return reply(res, 200, { count: store.records.length });
  if (url.pathname !== '/messages') return reply(res, 404, { error: 'not found' });
  if (req.method === 'GET') {
    const to = url.searchParams.get('to')?.toLowerCase();
    const messages = to === undefined
      ? store.records
      : store.records.filter((m) => m.envelopeTo.some((addr) => addr.toLowerCase() === to));
    return reply(res, 200, messages);
  }
  if (req.method === 'DELETE') {
    return store.clear().then(() => reply(res, 204), (err) => reply(res, 500, { error: err.message }));
  }
  return reply(res, 405, { error: 'method not allowed' });
});

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

let ports;
try {
  ports = { smtp: await listen(smtp.server, smtpPort), http: await listen(http, httpPort) };
} catch (err) {
  log(`cannot listen: ${err.message}`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
log(`listening: smtp 127.0.0.1:${ports.smtp}, http 127.0.0.1:${ports.http}, auth ${auth ? 'required' : 'off'}, ` +
  `store ${args.store ?? '(memory)'} with ${store.records.length} message(s)`);

onSignals(async () => {
  stopping = true;
  const closed = Promise.all([
    new Promise((resolve) => smtp.close(resolve)),
    new Promise((resolve) => http.close(resolve)),
  ]);
  http.closeAllConnections();
  await closed;
  await store.close();
});
