/** @module NetBox webhooks: HMAC-SHA512 verification on the raw body, then apply the event to the mirror. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { IpshadowError } from '../../core/errors';
import type { Store } from '../../store';
import { kindByObjectType } from './kinds';

/** True when `signature` is the lowercase-hex HMAC-SHA512 of `rawBody` under `secret`. */
export function verifySignature(secret: string, rawBody: Buffer, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  const expected = createHmac('sha512', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Signs a body the way NetBox does, for tests and tools. */
export function signBody(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha512', secret).update(rawBody).digest('hex');
}

const envelope = z
  .object({
    event: z.enum(['created', 'updated', 'deleted']),
    timestamp: z.string(),
    object_type: z.string().optional(),
    model: z.string().optional(),
    username: z.string().nullish(),
    request_id: z.string().nullish(),
    data: z.object({ id: z.number().int() }).loose(),
  })
  .refine((b) => b.object_type !== undefined || b.model !== undefined, { message: 'object_type is required', path: ['object_type'] });

/** What applying a webhook did. */
export interface WebhookOutcome {
  applied: boolean;
  event: 'created' | 'updated' | 'deleted';
  objectType: string;
  id: number;
  table?: string;
}

/** Parses the JSON body; throws WEBHOOK_BODY (HTTP 400) with the bad path on anything malformed. */
export function parseWebhookBody(rawBody: Buffer): z.infer<typeof envelope> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new IpshadowError('WEBHOOK_BODY', 'webhook body is not valid JSON');
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IpshadowError('WEBHOOK_BODY', `webhook body invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Applies one verified webhook to the mirror; unknown object types are acknowledged and ignored. */
export async function applyWebhook(store: Store, body: z.infer<typeof envelope>, now = Date.now()): Promise<WebhookOutcome> {
  const objectType = (body.object_type ?? body.model) as string;
  const base = { event: body.event, objectType, id: body.data.id };
  const kind = kindByObjectType(objectType);
  if (!kind) return { ...base, applied: false };
  if (body.event === 'deleted') {
    await store.mirror.remove(kind.table, [body.data.id]);
  } else {
    let row;
    try {
      row = kind.parse(body.data);
    } catch (err) {
      throw new IpshadowError('WEBHOOK_BODY', `webhook data for ${objectType} invalid: ${(err as Error).message.slice(0, 300)}`, {}, err);
    }
    await store.mirror.upsert(kind.table, [row], now);
  }
  await store.events.append({ ts: now, type: `netbox.${body.event}`, payload: { objectType, id: body.data.id, requestId: body.request_id ?? null } });
  return { ...base, applied: true, table: kind.table };
}
