/** @module The one place error codes become HTTP statuses. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { IpshadowError, type ErrorCode } from '../core/errors';
import type { Log } from '../log/logger';

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  NETBOX_UNREACHABLE: 503,
  NETBOX_HTTP: 502,
  NETBOX_NO_ROOM: 409,
  WEBHOOK_SIGNATURE: 401,
  WEBHOOK_BODY: 400,
  STORE: 500,
  NOT_FOUND: 404,
  CONFLICT: 409,
  KEA_UNREACHABLE: 503,
  KEA_COMMAND: 502,
  FLOW_DECODE: 400,
};

/** HTTP status for an error code. */
export function httpStatus(code: ErrorCode): number {
  return STATUS[code];
}

/** Installs the error handler: IpshadowError → its status and `{error: {code, message}}`. */
export function installErrorHandler(server: FastifyInstance, log: Log): void {
  server.setErrorHandler((err: FastifyError | IpshadowError, req, reply) => {
    if (err instanceof IpshadowError) {
      const status = httpStatus(err.code);
      if (status >= 500) log.error('api.request.error', { url: req.url, code: err.code, error: err.message });
      return reply.status(status).send({ error: { code: err.code, message: err.message } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) log.error('api.request.error', { url: req.url, error: err.message });
    return reply.status(status).send({ error: { code: status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', message: err.message } });
  });
}
