/** @module The OpenAPI 3.1 description of the API, generated from the zod schemas the handlers use. */
import { z } from 'zod';
import {
  apiRegistry, errorSchema, healthSchema, metricRowInputSchema, metricsIngestReplySchema, reservationSchema, resourceSchema, resourceWithMembersSchema,
  shadowEntrySchema, webhookAck,
} from './schemas';
import { allocationAnswerSchema, allocationRequestSchema, shadowPushSchema } from './allocation-schemas';

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

const staleParam = { name: 'stale', in: 'query', description: 'true also lists entries whose validity has ended', schema: { type: 'string', enum: ['true', 'false'] } };

/** The shadow inventory: a filtered list, and every horizon of one resource. */
function shadowPaths() {
  const parameters = [{ name: 'resource', in: 'path', required: true, schema: { type: 'string' } }, staleParam];
  return {
    '/v1/shadow': readList('Shadow inventory entries (valid now unless stale=true)', shadowEntrySchema, [
      { name: 'resource', in: 'query', schema: { type: 'string' } },
      { name: 'horizon', in: 'query', description: 'Horizon in minutes', schema: { type: 'number', exclusiveMinimum: 0 } },
      { name: 'minP', in: 'query', description: 'Minimum P(at least one allocation)', schema: { type: 'number', minimum: 0, maximum: 1 } },
      staleParam,
    ]),
    '/v1/shadow/{resource}': {
      get: {
        summary: 'Shadow inventory entries of one resource, one per horizon', security: bearer, parameters,
        responses: { 200: list(shadowEntrySchema, 'Entries by horizon'), 400: errors[400], 401: errors[401], 404: errors[404] },
      },
    },
  };
}

/** The allocation API and pushed shadow entries: always token-guarded (401 without api.token), 503 without the engine. */
function allocationPaths() {
  const unavailable = { 503: json(errorSchema, 'The allocation engine is not running') };
  const key = { name: 'Idempotency-Key', in: 'header', description: 'The client key when the body has none', schema: { type: 'string' } };
  return {
    '/v1/allocations': {
      post: {
        summary: 'An address for a resource: a live shadow reservation at once (hit), else allocated on demand (miss); idempotent by key',
        security: bearer, parameters: [key], requestBody: { required: true, content: { 'application/json': { schema: ref(allocationRequestSchema) } } },
        responses: { 200: json(allocationAnswerSchema, 'Hit, or a replay of an earlier answer'), 201: json(allocationAnswerSchema, 'Miss: allocated on demand'), 400: errors[400], 401: errors[401], 404: errors[404], 409: json(errorSchema, 'Key in use, or no free address'), ...unavailable },
      },
    },
    '/v1/shadow/entries': {
      post: {
        summary: 'Push shadow inventory entries from an external forecaster', security: bearer,
        requestBody: { required: true, content: { 'application/json': { schema: ref(shadowPushSchema) } } },
        responses: { 200: { description: 'Entries stored', content: { 'application/json': { schema: { type: 'object', properties: { stored: { type: 'integer' } } } } } }, 400: errors[400], 401: errors[401], ...unavailable },
      },
    },
  };
}

/** Resource metrics ingest: JSON or CSV rows, and Prometheus remote-write. */
function ingestPaths() {
  const reply = { 200: json(metricsIngestReplySchema, 'Rows stored; rejected rows listed'), 400: json(metricsIngestReplySchema, 'No row accepted'), 401: errors[401] };
  return {
    '/api/v1/metrics': {
      post: {
        summary: 'Push resource metric rows (JSON array or { series: [...] }, or CSV with a header line)', security: bearer,
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { oneOf: [{ type: 'array', items: ref(metricRowInputSchema) }, { type: 'object', properties: { series: { type: 'array', items: ref(metricRowInputSchema) } }, required: ['series'] }] } },
            'text/csv': { schema: { type: 'string', description: 'Header naming resource|ip|mac, metric, value, ts' } },
          },
        },
        responses: reply,
      },
    },
    '/api/v1/metrics/write': {
      post: {
        summary: 'Prometheus remote-write (snappy-compressed protobuf WriteRequest)', security: bearer,
        requestBody: { required: true, content: { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } } } },
        responses: { 204: { description: 'Rows stored' }, 400: reply[400], 401: errors[401] },
      },
    },
  };
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
      ...shadowPaths(),
      ...allocationPaths(),
      ...ingestPaths(),
    },
  };
}
