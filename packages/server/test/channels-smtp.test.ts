import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ChannelAdapter, OutboundMessage } from '../src/channels/channel.js';
import { smtpEmailAdapter, messageIdFor } from '../src/channels/smtp-email.js';

// Email over a real SMTP peer (smtp-server on a free port, with AUTH): the headers a receiver
// sees, the Message-ID stable across two sends of one id, a 550 recipient refusal as a bounce
// that is not retried, a 451 as retryable, and a dead or silent server as retryable.

interface Received {
  from: string;
  to: string[];
  raw: string;
}
const received: Received[] = [];
let smtp: SMTPServer;
let port: number;
let email: ChannelAdapter;

before(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'trailmap' && auth.password === 's3cret/pass') return cb(null, { user: auth.username });
      cb(new Error('bad credentials'));
    },
    onRcptTo(address, _session, cb) {
      const fail = (code: number, text: string) => cb(Object.assign(new Error(text), { responseCode: code }));
      if (address.address === 'nobody@example.com') return fail(550, '5.1.1 no such user here');
      if (address.address === 'busy@example.com') return fail(451, '4.3.0 try again later');
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (session.envelope.rcptTo.some((r) => r.address === 'spam@example.com')) return cb(Object.assign(new Error('5.7.1 message refused as spam'), { responseCode: 554 }));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as { port: number }).port;
  email = smtpEmailAdapter({ url: `smtp://trailmap:${encodeURIComponent('s3cret/pass')}@127.0.0.1:${port}`, from: 'Shop <shop@example.com>' });
});
after(async () => {
  await email?.close?.();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'run_1:step-email:1',
  personId: 'p_1',
  channel: 'email',
  to: 'ana@example.com',
  subject: 'Your cart 购物车',
  body: '<p>Hello <b>Ana</b> &amp; friends</p>',
  transactional: false,
  unsubscribeUrl: 'https://shop.example/v1/unsubscribe/tok.sig',
  journeyId: 'abandoned-cart',
  stepId: 'step-email',
  runId: 'run_1',
  ...over,
});

/** One header's value, unfolded. */
const header = (raw: string, name: string) => {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
};

test('a sent email carries the Message-ID of its id, List-Unsubscribe (one-click) and X-Trailmap-Message; the same id twice has the same Message-ID', async () => {
  const first = await email.send(message(), AbortSignal.timeout(10_000));
  assert.equal(first.ok, true, JSON.stringify(first));
  const again = await email.send(message(), AbortSignal.timeout(10_000));
  assert.equal(again.ok, true, JSON.stringify(again));
  const other = await email.send(message({ id: 'run_1:step-email:2', unsubscribeUrl: null, transactional: true }), AbortSignal.timeout(10_000));
  assert.equal(other.ok, true);
  assert.equal(received.length, 3);
  const [a, b, c] = received as [Received, Received, Received];
  assert.deepEqual([a.from, a.to], ['shop@example.com', ['ana@example.com']]);
  assert.equal(header(a.raw, 'Message-ID'), '<run_1=3Astep-email=3A1@trailmap>');
  assert.equal(header(a.raw, 'Message-ID'), header(b.raw, 'Message-ID'));
  assert.notEqual(header(c.raw, 'Message-ID'), header(a.raw, 'Message-ID'));
  assert.equal(header(a.raw, 'X-Trailmap-Message'), 'run_1:step-email:1');
  assert.equal(header(a.raw, 'List-Unsubscribe'), '<https://shop.example/v1/unsubscribe/tok.sig>');
  assert.equal(header(a.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  assert.equal(header(c.raw, 'List-Unsubscribe'), undefined, 'no unsubscribe header without a URL');
  assert.match(header(a.raw, 'From') ?? '', /Shop <shop@example.com>/);
  assert.match(header(a.raw, 'Subject') ?? '', /=\?UTF-8\?/i, 'the Chinese subject is encoded');
  assert.match(header(a.raw, 'Content-Type') ?? '', /multipart\/alternative/, 'HTML with a text alternative');
  assert.match(a.raw, /text\/html/);
});

test('ids that differ only in unsafe characters get different Message-IDs', () => {
  assert.notEqual(messageIdFor('a:b'), messageIdFor('a_b'));
  assert.notEqual(messageIdFor('a=3Ab'), messageIdFor('a:b'));
  assert.match(messageIdFor('x'.repeat(500)), /^<h-[0-9a-f]{64}@trailmap>$/);
  assert.match(messageIdFor('käse <b>\r\n'), /^<[A-Za-z0-9_=-]+@trailmap>$/);
});

test('a 550 recipient refusal is a bounce and not retried; a 451 is retryable', async () => {
  const refused = await email.send(message({ id: 'bounce-1', to: 'nobody@example.com' }), AbortSignal.timeout(10_000));
  assert.equal(refused.ok, false);
  assert.deepEqual(refused.ok === false && [refused.retryable, refused.bounced], [false, true]);
  assert.match(refused.ok === false ? refused.error : '', /550|no such user/);
  const later = await email.send(message({ id: 'busy-1', to: 'busy@example.com' }), AbortSignal.timeout(10_000));
  assert.equal(later.ok, false);
  assert.deepEqual(later.ok === false && [later.retryable, later.bounced ?? false], [true, false]);
  // A message refused after DATA (its content, not the address): permanent, but no bounce.
  const spam = await email.send(message({ id: 'spam-1', to: 'spam@example.com' }), AbortSignal.timeout(10_000));
  assert.deepEqual(spam.ok === false && [spam.retryable, spam.bounced ?? false], [false, false], JSON.stringify(spam));
});

test('wrong credentials, a closed port, and a server that never greets (aborted at the timeout) are retryable', async () => {
  const badAuth = smtpEmailAdapter({ url: `smtp://trailmap:wrong@127.0.0.1:${port}` });
  try {
    const r = await badAuth.send(message({ id: 'auth-1' }), AbortSignal.timeout(10_000));
    assert.deepEqual(r.ok === false && r.retryable, true, JSON.stringify(r));
  } finally {
    await badAuth.close?.();
  }

  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const nobody = smtpEmailAdapter({ url: `smtp://127.0.0.1:${closedPort}` });
  try {
    const r = await nobody.send(message({ id: 'conn-1' }), AbortSignal.timeout(10_000));
    assert.deepEqual(r.ok === false && r.retryable, true, JSON.stringify(r));
  } finally {
    await nobody.close?.();
  }

  const sockets: Socket[] = [];
  const silent: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentAdapter = smtpEmailAdapter({ url: `smtp://127.0.0.1:${(silent.address() as { port: number }).port}`, greetingTimeoutMs: 30_000 });
  try {
    const t0 = Date.now();
    const r = await silentAdapter.send(message({ id: 'silent-1' }), AbortSignal.timeout(300));
    assert.deepEqual(r.ok === false && r.retryable, true, JSON.stringify(r));
    assert.ok(Date.now() - t0 < 5_000, `the abort ended the send (${Date.now() - t0} ms), not the 30 s greeting timeout`);
  } finally {
    await silentAdapter.close?.();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
