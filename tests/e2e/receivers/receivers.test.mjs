// Self-test of the loopback receivers, driven as their users drive them: as child processes,
// over real sockets. Run alone: `node --test receivers/receivers.test.mjs` (npm test's
// *.test.mjs glob does not reach this folder).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';

import { launch } from './launch.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const START_MS = 10_000;
const STOP_MS = 5_000;
const SMTP_REPLY_MS = 5_000;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'herald-receivers-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Starts a receiver of this folder; resolves with its child and the JSON line it printed. */
function start(script, args) {
  return launch(path.join(here, script), args, START_MS);
}

/** SIGTERM, then the exit status; SIGKILL if it does not go in time (and the test fails). */
async function stop(receiver) {
  receiver.child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => { receiver.child.kill('SIGKILL'); resolve({ code: 'timeout' }); }, STOP_MS);
  });
  const status = await Promise.race([receiver.exited, timeout]);
  clearTimeout(timer);
  assert.deepEqual(status, { code: 0, signal: null }, `receiver did not stop cleanly:\n${receiver.stderr()}`);
  // The one-line stdout contract: nothing after the ports line, even on shutdown.
  assert.equal(receiver.stdout().trim().split('\n').length, 1, receiver.stdout());
}

/** The smallest SMTP client that can send one message: replies are read whole, each bounded. */
class RawSmtp {
  static connect(port) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawSmtp(socket)));
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.buffer = '';
    this.waiting = null;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { this.buffer += chunk; this.waiting?.(); });
    socket.on('close', () => this.waiting?.());
  }

  /** Resolves with { code, text } for the next complete reply (multi-line ones included). */
  async reply() {
    const deadline = Date.now() + SMTP_REPLY_MS;
    for (;;) {
      const match = this.buffer.match(/^(?:\d{3}-[^\n]*\n)*(\d{3}) [^\n]*\n/);
      if (match) {
        this.buffer = this.buffer.slice(match[0].length);
        return { code: Number(match[1]), text: match[0] };
      }
      if (this.socket.destroyed) throw new Error(`connection closed; got ${JSON.stringify(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SMTP reply within ${SMTP_REPLY_MS} ms; got ${JSON.stringify(this.buffer)}`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => { clearTimeout(timer); resolve(); };
      });
      this.waiting = null;
    }
  }

  async command(line, expected) {
    this.socket.write(`${line}\r\n`);
    const answer = await this.reply();
    assert.equal(answer.code, expected, `${line} -> ${answer.text}`);
    return answer;
  }

  /** Sends the message body with dot-stuffing; resolves with the final reply. */
  async data(message) {
    await this.command('DATA', 354);
    const stuffed = message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(`${stuffed}\r\n.\r\n`);
    return this.reply();
  }

  close() {
    this.socket.destroy();
  }
}

async function sendMail(port, { user, pass, from, to, message }) {
  const smtp = await RawSmtp.connect(port);
  try {
    assert.equal((await smtp.reply()).code, 220);
    await smtp.command('EHLO herald.test', 250);
    if (user) await smtp.command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`, 235);
    await smtp.command(`MAIL FROM:<${from}>`, 250);
    for (const rcpt of to) await smtp.command(`RCPT TO:<${rcpt}>`, 250);
    const answer = await smtp.data(message);
    await smtp.command('QUIT', 221);
    return answer;
  } finally {
    smtp.close();
  }
}

const getJson = async (url) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  assert.equal(res.status, 200, url);
  return res.json();
};

const MESSAGE = [
  'From: "Herald Status" <status@herald.test>',
  'To: Reader <reader@example.test>',
  'Subject: =?utf-8?q?Incident_r=C3=A9solu?=',
  'Date: Wed, 02 Dec 2026 10:00:00 +0000',
  'Message-ID: <update-2@herald.test>',
  'In-Reply-To: <update-1@herald.test>',
  'References: <incident-1@herald.test>',
  'List-Unsubscribe: <https://status.herald.test/unsubscribe?t=abc>,',
  ' <mailto:unsubscribe@herald.test?subject=abc>',
  'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'The incident is resolved.',
  '.A line that starts with a dot survives dot-stuffing.',
].join('\r\n');

test('smtp receiver keeps parsed messages across a restart', async () => {
  const store = path.join(tmp, 'mail.jsonl');
  const creds = ['--user', 'herald', '--pass', 's3cret'];
  let smtp = await start('smtp-receiver.mjs', ['--store', store, ...creds]);
  try {
    const { smtp: smtpPort, http } = smtp.info;
    assert.ok(smtpPort > 0 && http > 0, JSON.stringify(smtp.info));
    assert.deepEqual(Object.keys(smtp.info), ['smtp', 'http']);
    const base = `http://127.0.0.1:${http}`;
    assert.equal((await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) })).status, 200);

    // A wrong password is refused, and MAIL without AUTH is too.
    const bad = await RawSmtp.connect(smtpPort);
    try {
      await bad.reply();
      await bad.command('EHLO herald.test', 250);
      await bad.command(`AUTH PLAIN ${Buffer.from('\0herald\0wrong').toString('base64')}`, 535);
      const refused = await bad.command('MAIL FROM:<status@herald.test>', 530);
      assert.match(refused.text, /authentication/i);
    } finally {
      bad.close();
    }

    const answer = await sendMail(smtpPort, {
      user: 'herald', pass: 's3cret', from: 'bounces@herald.test',
      to: ['Reader@Example.test', 'other@example.test'], message: MESSAGE,
    });
    assert.equal(answer.code, 250, answer.text);

    const [message, ...rest] = await getJson(`${base}/messages`);
    assert.deepEqual(rest, []);
    assert.equal(message.envelopeFrom, 'bounces@herald.test');
    assert.deepEqual(message.envelopeTo, ['Reader@Example.test', 'other@example.test']);
    assert.equal(message.messageId, '<update-2@herald.test>');
    assert.equal(message.inReplyTo, '<update-1@herald.test>');
    assert.deepEqual(message.references, ['<incident-1@herald.test>']);
    assert.equal(message.subject, 'Incident résolu');
    assert.equal(message.from, '"Herald Status" <status@herald.test>');
    assert.equal(message.to, '"Reader" <reader@example.test>');
    assert.equal(message.date, '2026-12-02T10:00:00.000Z');
    assert.equal(message.headers['list-unsubscribe'],
      '<https://status.herald.test/unsubscribe?t=abc>, <mailto:unsubscribe@herald.test?subject=abc>');
    assert.equal(message.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    assert.equal(message.headers['message-id'], '<update-2@herald.test>');
    assert.equal(message.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(message.headers.subject, '=?utf-8?q?Incident_r=C3=A9solu?=');
    assert.equal(message.text.trim(),
      'The incident is resolved.\n.A line that starts with a dot survives dot-stuffing.');
    assert.equal(message.html, null);
    assert.ok(!Number.isNaN(Date.parse(message.receivedAt)));

    // The recipient filter ignores case, and matches envelope recipients only.
    assert.equal((await getJson(`${base}/messages?to=reader@example.TEST`)).length, 1);
    assert.equal((await getJson(`${base}/messages?to=nobody@example.test`)).length, 0);

    await stop(smtp);
    assert.equal(readFileSync(store, 'utf8').trim().split('\n').length, 1);

    // Back on the same port and store, as after a relay outage; slow this time.
    smtp = await start('smtp-receiver.mjs', ['--smtp-port', String(smtpPort), '--store', store, '--delay-ms', '300', ...creds]);
    assert.equal(smtp.info.smtp, smtpPort);
    const again = `http://127.0.0.1:${smtp.info.http}`;
    assert.deepEqual(await getJson(`${again}/messages`), [message]);

    const began = Date.now();
    const slow = await sendMail(smtpPort, {
      user: 'herald', pass: 's3cret', from: 'bounces@herald.test', to: ['late@example.test'],
      message: MESSAGE.replace('<update-2@herald.test>', '<update-3@herald.test>'),
    });
    assert.equal(slow.code, 250, slow.text);
    assert.ok(Date.now() - began >= 300, 'the DATA answer was not delayed');
    const both = await getJson(`${again}/messages`);
    assert.deepEqual(both.map((m) => m.messageId), ['<update-2@herald.test>', '<update-3@herald.test>']);

    const cleared = await fetch(`${again}/messages`, { method: 'DELETE', signal: AbortSignal.timeout(5_000) });
    assert.equal(cleared.status, 204);
    assert.deepEqual(await getJson(`${again}/messages`), []);
    assert.equal(readFileSync(store, 'utf8'), '');
  } finally {
    if (smtp.child.exitCode === null && smtp.child.signalCode === null) await stop(smtp);
  }
});

test('webhook receiver checks signatures and answers by mode', async () => {
  const secret = 'whsec-test-secret';
  const hook = await start('webhook-receiver.mjs', ['--secret', secret]);
  try {
    assert.deepEqual(Object.keys(hook.info), ['port']);
    const base = `http://127.0.0.1:${hook.info.port}`;
    assert.equal((await fetch(`${base}/_health`, { signal: AbortSignal.timeout(5_000) })).status, 200);

    const body = JSON.stringify({ event: 'incident.updated', id: 'inc-1', text: 'résolu' });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    const post = (headers, payload = body, signal = AbortSignal.timeout(5_000)) => fetch(`${base}/hooks/herald`, {
      method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...headers }, signal,
    });

    assert.equal((await post({ 'Herald-Signature': `t=${t},v1=${v1}` })).status, 204);
    assert.equal((await post({})).status, 401);
    // A valid signature over other bytes is still invalid.
    assert.equal((await post({ 'Herald-Signature': `t=${t},v1=${v1}` }, `${body} `)).status, 401);

    assert.equal((await fetch(`${base}/_mode`, { method: 'POST', body: 'fail', signal: AbortSignal.timeout(5_000) })).status, 204);
    assert.equal((await post({ 'Herald-Signature': `t=${t},v1=${v1}` })).status, 500);

    const received = await getJson(`${base}/_received`);
    assert.deepEqual(received.map((r) => [r.signatureValid, r.status]), [[true, 204], [false, 401], [false, 401], [true, 500]]);
    const [first, unsigned] = received;
    assert.equal(first.path, '/hooks/herald');
    assert.equal(first.body, body);
    assert.deepEqual(first.json, JSON.parse(body));
    assert.equal(first.timestamp, t);
    assert.equal(first.headers['herald-signature'], `t=${t},v1=${v1}`);
    assert.equal(first.headers['content-type'], 'application/json');
    assert.equal(unsigned.timestamp, null);

    // hang: no answer comes; the sender's own timeout is what ends the wait.
    await fetch(`${base}/_mode`, { method: 'POST', body: 'hang', signal: AbortSignal.timeout(5_000) });
    await assert.rejects(post({ 'Herald-Signature': `t=${t},v1=${v1}` }, body, AbortSignal.timeout(300)), { name: 'TimeoutError' });
    // A delivery left hanging must not keep the receiver from stopping.
    const pending = post({}, body, AbortSignal.timeout(STOP_MS)).then(() => 'answered', () => 'cut');
    for (let i = 0; i < 50 && (await getJson(`${base}/_received`)).length < 6; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((await getJson(`${base}/_received`)).length, 6);
    await stop(hook);
    assert.equal(await pending, 'cut');
  } finally {
    if (hook.child.exitCode === null && hook.child.signalCode === null) await stop(hook);
  }
});
