/** @module The OpenAPI 3.1 description of the API, generated from the zod schemas the handlers use. */
import { z } from 'zod';
import { apiRegistry, errorSchema, healthSchema, reservationSchema, resourceSchema, resourceWithMembersSchema, webhookAck } from './schemas';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${apiRegistry.get(schema)?.id ?? 'unknown'}` });
const errors = { 400: json(errorSchema, 'Bad input'), 401: json(errorSchema, 'Missing or bad credentials'), 404: json(errorSchema, 'Not found') };
const list = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: { type: 'array', items: ref(schema) } } } });

/** Builds the OpenAPI document. */
export function openApiDocument(version: string): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiRegistry, { io: 'output', uri: (id) => `#/components/schemas/${id}` });
  for (const s of Object.values(schemas)) delete (s as Record<string, unknown>).$schema;
  const bearer = [{ bearer: [] }];
  return {
    openapi: '3.1.0',
    info: { title: 'ipshadow', version, description: 'Predictive shadow inventory for NetBox and Kea' },
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'api.token from the config (only when set)' },
        netboxSignature: { type: 'apiKey', in: 'header', name: 'X-Hook-Signature', description: 'Lowercase hex HMAC-SHA512 of the raw body' },
      },
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness and store health', responses: { 200: json(healthSchema, 'Healthy'), 503: json(healthSchema, 'Degraded') } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'Text exposition format', content: { 'text/plain': {} } } } } },
      '/webhooks/netbox': {
        post: {
          summary: 'NetBox event-rule webhook', security: [{ netboxSignature: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { 200: json(webhookAck, 'Applied or ignored'), 400: errors[400], 401: errors[401] },
        },
      },
      '/v1/resources': {
        get: {
          summary: 'Derived resources', security: bearer,
          parameters: [{ name: 'kind', in: 'query', schema: { type: 'string', enum: ['interface', 'group'] } }],
          responses: { 200: list(resourceSchema, 'Resources'), 400: errors[400], 401: errors[401] },
        },
      },
      '/v1/resources/{id}': {
        get: {
          summary: 'One resource with its group members', security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json(resourceWithMembersSchema, 'Resource'), 401: errors[401], 404: errors[404] },
        },
      },
      '/v1/reservations': {
        get: {
          summary: 'Shadow reservations', security: bearer,
          parameters: [
            { name: 'state', in: 'query', description: 'Comma-separated states', schema: { type: 'string' } },
            { name: 'resource', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: list(reservationSchema, 'Reservations'), 400: errors[400], 401: errors[401] },
        },
      },
      '/v1/reservations/{id}': {
        get: {
          summary: 'One reservation', security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json(reservationSchema, 'Reservation'), 401: errors[401], 404: errors[404] },
        },
      },
    },
  };
}
