/** @module The OpenAPI 3.1 description of the API, generated from the zod schemas the handlers use. */
import { z } from 'zod';
import { apiRegistry, errorSchema, healthSchema, reservationSchema, resourceSchema, resourceWithMembersSchema, webhookAck } from './schemas';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${apiRegistry.get(schema)?.id ?? 'unknown'}` });
const errors = { 400: json(errorSchema, 'Bad input'), 401: json(errorSchema, 'Missing or bad credentials'), 404: json(errorSchema, 'Not found') };
const list = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: { type: 'array', items: ref(schema) } } } });

const bearer = [{ bearer: [] }];

/** A token-guarded GET returning a list, with query parameters. */
function readList(summary: string, schema: z.ZodType, parameters: object[]) {
  return { get: { summary, security: bearer, parameters, responses: { 200: list(schema, summary), 400: errors[400], 401: errors[401] } } };
}

/** A token-guarded GET of one object by id. */
function readOne(summary: string, schema: z.ZodType) {
  const parameters = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  return { get: { summary, security: bearer, parameters, responses: { 200: json(schema, summary), 401: errors[401], 404: errors[404] } } };
}

/** Builds the OpenAPI document. */
export function openApiDocument(version: string): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiRegistry, { io: 'output', uri: (id) => `#/components/schemas/${id}` });
  for (const s of Object.values(schemas)) delete (s as Record<string, unknown>).$schema;
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
      '/v1/resources': readList('Derived resources', resourceSchema, [{ name: 'kind', in: 'query', schema: { type: 'string', enum: ['interface', 'group'] } }]),
      '/v1/resources/{id}': readOne('One resource with its group members', resourceWithMembersSchema),
      '/v1/reservations': readList('Shadow reservations', reservationSchema, [
        { name: 'state', in: 'query', description: 'Comma-separated states', schema: { type: 'string' } },
        { name: 'resource', in: 'query', schema: { type: 'string' } },
      ]),
      '/v1/reservations/{id}': readOne('One reservation', reservationSchema),
    },
  };
}
