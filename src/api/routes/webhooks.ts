/** @module POST /webhooks/netbox: signature first (401), then body (400), then apply. */
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app';
import { IpshadowError } from '../../core/errors';
import { applyWebhook, parseWebhookBody, verifySignature, type WebhookOutcome } from '../../adapters/netbox';

/** Registers the NetBox webhook route; `onApplied` runs after each mirror change. */
export async function webhookRoutes(server: FastifyInstance, app: App, onApplied: (o: WebhookOutcome) => void): Promise<void> {
  await server.register(async (scope) => {
    // The signature covers the exact bytes NetBox sent, so keep the raw body.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.post('/webhooks/netbox', async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const secret = app.config.netbox.webhook.secret;
      const signature = req.headers['x-hook-signature'];
      if (!secret || !verifySignature(secret, raw, typeof signature === 'string' ? signature : undefined)) {
        app.metrics.webhooks.inc({ result: 'bad_signature' });
        app.log.warn('webhook.rejected', { status: 401, reason: secret ? 'signature' : 'no secret configured', ip: req.ip });
        return reply.status(401).send({ error: { code: 'WEBHOOK_SIGNATURE', message: 'missing or invalid X-Hook-Signature' } });
      }
      let outcome: WebhookOutcome;
      try {
        outcome = await applyWebhook(app.store, parseWebhookBody(raw));
      } catch (err) {
        if (err instanceof IpshadowError && err.code === 'WEBHOOK_BODY') {
          app.metrics.webhooks.inc({ result: 'bad_body' });
          app.log.warn('webhook.rejected', { status: 400, reason: err.message });
        } else {
          app.metrics.webhooks.inc({ result: 'error' });
        }
        throw err;
      }
      app.metrics.webhooks.inc({ result: outcome.applied ? 'applied' : 'ignored' });
      app.log.info(outcome.applied ? 'webhook.applied' : 'webhook.ignored', { ...outcome });
      if (outcome.applied) onApplied(outcome);
      return { applied: outcome.applied, event: outcome.event, objectType: outcome.objectType, id: outcome.id };
    });
  });
}
