/** @module DecodeError: the one error class decoders report, with a `kind` that metrics group by. */

import { IpshadowError } from '../../core/errors';

/** Why a datagram or part of it could not be decoded; stable, used as a metrics label. */
export type DecodeErrorKind =
  | 'truncated'
  | 'bad_length'
  | 'bad_version'
  | 'bad_count'
  | 'bad_template'
  | 'template_missing'
  | 'zero_length_field'
  | 'reserved_set'
  | 'unsupported'
  | 'internal';

/** A decoding failure with its kind and context (protocol, exporter, domain, template id, offset). */
export class DecodeError extends IpshadowError {
  readonly kind: DecodeErrorKind;

  constructor(kind: DecodeErrorKind, message: string, context: Record<string, unknown> = {}, cause?: unknown) {
    super('FLOW_DECODE', `${kind}: ${message}`, context, cause);
    this.name = 'DecodeError';
    this.kind = kind;
  }
}

/** Wrap anything thrown into a DecodeError, keeping DecodeErrors and marking other throws as `internal`. */
export function toDecodeError(err: unknown, context: Record<string, unknown>): DecodeError {
  if (err instanceof DecodeError) {
    Object.assign(err.context, context);
    return err;
  }
  return new DecodeError('internal', err instanceof Error ? err.message : String(err), context, err);
}
