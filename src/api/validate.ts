/** @module Parses request parts with zod and turns failures into 400s naming the bad field. */
import type { z } from 'zod';

/** An HTTP 400 carrying the path of the bad input. */
export class BadRequest extends Error {
  readonly statusCode = 400;
}

/** Parses `value`; throws BadRequest `where.path: message` on failure. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new BadRequest(`${[where, ...(issue?.path ?? []).map(String)].join('.')}: ${issue?.message ?? 'invalid'}`);
}
