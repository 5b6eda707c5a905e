import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EventStore } from '@trailmap/warehouse';
import type { Auditor } from '../audit/auditor.js';
import { ApiError } from '../http/api-error.js';
import { verifyUnsubscribeToken, type UnsubscribeClaims } from '../channels/unsubscribe-token.js';
import { invalidLinkPage, unsubscribeConfirmPage, unsubscribedPage } from '../channels/unsubscribe-page.js';

export const unsubscribeParams = z.object({ token: z.string().min(1).max(4000) }).strict();
export const unsubscribeAnswerSchema = z.object({
  unsubscribed: z.literal(true),
  purpose: z.string().meta({ description: 'the consent purpose now refused: marketing_<channel> when the project has it, else marketing' }),
  channel: z.string(),
  recorded: z.boolean().meta({ description: 'false when there was nothing to record: the choice was already refused, or the person is no longer known' }),
});

const wantsHtml = (req: FastifyRequest) => /text\/html/.test(req.headers.accept ?? '');

/**
 * Unsubscribe links (docs/channels.md#unsubscribe); the signed token is the credential (no key).
 * `GET /v1/unsubscribe/:token` shows a confirmation page (English and Chinese) with a button; `POST`
 * (the button, or a mail client's RFC 8058 one-click `List-Unsubscribe=One-Click`) refuses the
 * person's marketing consent — `marketing_<channel>` when the project lists that purpose — source
 * `unsubscribe`, audited (consent.unsubscribe). A bad or edited token: 400 naming `token`.
 */
export function unsubscribeRoutes(app: FastifyInstance, store: EventStore, auditor: Auditor, secret: () => Promise<string | Buffer>, now: () => number = Date.now): void {
  const claimsOf = async (req: FastifyRequest, reply: FastifyReply): Promise<UnsubscribeClaims | null> => {
    const p = unsubscribeParams.safeParse(req.params);
    const claims = p.success ? verifyUnsubscribeToken(await secret(), p.data.token) : null;
    if (claims) return claims;
    const error = new ApiError(400, 'invalid_token', 'the unsubscribe link is not valid (cut short or edited)', 'token');
    if (!wantsHtml(req)) throw error;
    void reply.code(400).type('text/html; charset=utf-8').send(invalidLinkPage());
    return null;
  };

  void app.register(async (sub) => {
    // One-click senders post a form (urlencoded or multipart); the body says nothing the token does not.
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));

    sub.get('/v1/unsubscribe/:token', async (req, reply) => {
      const claims = await claimsOf(req, reply);
      if (!claims) return reply;
      return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').send(unsubscribeConfirmPage(claims.channel));
    });

    sub.post('/v1/unsubscribe/:token', async (req, reply) => {
      const claims = await claimsOf(req, reply);
      if (!claims) return reply;
      const purposes = store.consent.config.purposes;
      const specific = `marketing_${claims.channel}`;
      const purpose = purposes.includes(specific) ? specific : 'marketing';
      const current = await store.consentFor(claims.personId);
      let recorded = false;
      const already = current?.purposes[purpose];
      if (current && !(already && !already.granted && already.basis === 'explicit')) {
        const after = await store.setConsent(claims.personId, { purposes: { [purpose]: false }, source: 'unsubscribe' }, new Date(now()));
        if (after) {
          recorded = true;
          await auditor.record(req, {
            action: 'consent.unsubscribe',
            actor: 'unsubscribe-link',
            target: await auditor.personRef(after.personId),
            detail: { purposes: { [purpose]: false }, source: 'unsubscribe', channel: claims.channel, messageId: claims.messageId },
          });
        }
      }
      reply.header('cache-control', 'no-store');
      if (wantsHtml(req)) return reply.type('text/html; charset=utf-8').send(unsubscribedPage(claims.channel));
      return { unsubscribed: true as const, purpose, channel: claims.channel, recorded };
    });
  });
}
