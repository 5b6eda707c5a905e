import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';

export const DEFAULT_EMAIL_FROM = 'Trailmap <no-reply@localhost>';

export interface SmtpEmailOptions {
  /** TRAILMAP_SMTP_URL: `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
  url: string;
  /** TRAILMAP_EMAIL_FROM; default `Trailmap <no-reply@localhost>`. */
  from?: string;
  /** The Message-ID's right-hand side; default `trailmap`. */
  messageIdDomain?: string;
  /** Pooled connections (default 5). */
  maxConnections?: number;
  /** Connect / greeting / idle socket timeouts in ms (defaults 10 s, 10 s, 60 s): a dead server fails a send, retryably. */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** Extra transport options (tests: `tls: { rejectUnauthorized: false }`, `ignoreTLS`). */
  transport?: Record<string, unknown>;
}

/**
 * A Message-ID from the idempotency key, the same on every retry, so a receiving system (and
 * our tests) can tell a resend of one message from two messages: `<id@trailmap>`. Characters
 * outside [A-Za-z0-9_-] are written `=XX` (UTF-8 bytes, `=` itself too), which keeps distinct
 * ids distinct; a very long id becomes its SHA-256.
 */
export function messageIdFor(id: string, domain = 'trailmap'): string {
  const safe = Array.from(Buffer.from(id, 'utf8'), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9_-]/.test(c) ? c : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  const left = safe.length <= 200 ? safe : `h-${createHash('sha256').update(id, 'utf8').digest('hex')}`;
  return `<${left}@${domain}>`;
}

/** A plain-text alternative of an HTML body (tags dropped, common entities decoded): mail clients that show text get the words. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<a\s[^>]*?href="([^"]*)"[^>]*>([^<]*)<\/a>/gi, '$2 ($1)')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  permanent?: boolean;
  rejected?: string[];
}

/** Replies that refuse the recipient address itself (RFC 5321 §4.2.3, RFC 3463 5.1.x). */
const RECIPIENT_REFUSALS = new Set([550, 551, 553]);
/** Failures of the connection or the configuration, not of this message: worth retrying (the sender backs off and gives up in the end). */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'EABORT', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'EMAXLIMIT', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * How an SMTP failure counts: a 5yz reply is permanent (503, a bad command sequence, is not);
 * bounced when it refused the recipient (at RCPT TO, or 550/551/553). 4yz replies, connection
 * errors, timeouts and an abort are retryable. Authentication failures are too: they say the
 * configuration is wrong, not the message.
 */
export function classifySmtpError(e: unknown, aborted = false): SendResult & { ok: false } {
  const err = e as SmtpError;
  const reply = err.response ? ` (${err.response.slice(0, 200)})` : '';
  const error = `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}${reply && !err.message?.includes(err.response ?? '') ? reply : ''}`;
  if (aborted || err.code === 'EABORT') return { ok: false, retryable: true, error: `timed out: ${error}` };
  const rc = err.responseCode;
  if (typeof rc === 'number' && err.code !== 'EAUTH') {
    const permanent = err.permanent ?? (rc >= 500 && rc !== 503);
    if (!permanent) return { ok: false, retryable: true, error };
    const atRecipient = /^RCPT/i.test(err.command ?? '') || (err.rejected?.length ?? 0) > 0;
    const bounced = atRecipient || (RECIPIENT_REFUSALS.has(rc) && /\b5\.1\.\d+\b/.test(err.response ?? ''));
    return { ok: false, retryable: false, error, ...(bounced ? { bounced: true } : {}) };
  }
  if (err.code && TRANSIENT_CODES.has(err.code)) return { ok: false, retryable: true, error };
  // An envelope nodemailer refused before sending (an address that is not one).
  if (err.code === 'EENVELOPE') return { ok: false, retryable: false, error, bounced: true };
  if (err.code === 'ECONFIG' || err.code === 'EMAXRECIPIENTS' || err.code === 'EFILEACCESS' || err.code === 'EURLACCESS') return { ok: false, retryable: false, error };
  // Anything else (a socket error without a code): the network; try again.
  return { ok: false, retryable: true, error };
}

/**
 * Email over SMTP through a pooled nodemailer transport. The body is HTML (with a plain-text
 * alternative); Message-ID from the idempotency key; `X-Trailmap-Message` carries the id;
 * `List-Unsubscribe` + `List-Unsubscribe-Post` (RFC 8058 one-click) when there is an
 * unsubscribe URL. Attachments, file and URL content are disabled: a template cannot make the
 * mailer read a file or fetch a URL.
 */
export function smtpEmailAdapter(opts: SmtpEmailOptions): ChannelAdapter {
  const transport = createTransport({
    url: opts.url,
    pool: true,
    maxConnections: opts.maxConnections ?? 5,
    connectionTimeout: opts.connectionTimeoutMs ?? 10_000,
    greetingTimeout: opts.greetingTimeoutMs ?? 10_000,
    socketTimeout: opts.socketTimeoutMs ?? 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(opts.transport ?? {}),
  });
  const from = opts.from ?? DEFAULT_EMAIL_FROM;
  return {
    channel: 'email',
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      const headers: Record<string, string> = { 'X-Trailmap-Message': message.id.replace(/[\r\n]/g, ' ') };
      if (message.unsubscribeUrl) {
        headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      try {
        const info = await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject ?? '',
          html: message.body,
          text: htmlToText(message.body),
          messageId: messageIdFor(message.id, opts.messageIdDomain),
          headers,
          signal,
        });
        if (info.rejected.length > 0 && info.accepted.length === 0) return { ok: false, retryable: false, bounced: true, error: `refused: ${info.response}` };
        return { ok: true, providerId: info.serverMessageId ?? (info.response ? info.response.slice(0, 200) : null) };
      } catch (e) {
        return classifySmtpError(e, signal.aborted);
      }
    },
    async close() {
      transport.close();
    },
  };
}
