/** @module Schema for trained model weights (the LSTM forecaster's), so a run can skip retraining. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect';
import { createSchema, type TableSpec } from './table-spec';

/** One row per named model: its kind, when it was saved, JSON metadata and base64 weights. */
export const MODEL_TABLES: TableSpec[] = [
  { name: 'model_weights', columns: [['name', 'text', 'pk'], ['kind', 'text'], ['created_at', 'bigint'], ['meta', 'text'], ['weights', 'text']] },
];

/** Builds the model weights table on either dialect. */
export function modelWeightsMigration(dialect: Dialect) {
  return { up: (db: Kysely<unknown>) => createSchema(db, dialect, MODEL_TABLES, []) };
}
