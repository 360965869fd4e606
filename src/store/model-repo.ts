/** @module Named model weights: save after training, load to skip retraining when the stored meta still matches. */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** The `model_weights` row as stored. */
export interface ModelWeightsTable {
  name: string;
  kind: string;
  created_at: number;
  meta: string;
  weights: string;
}

/** A stored model: metadata parsed from JSON, weights as raw bytes. */
export interface StoredModel {
  name: string;
  kind: string;
  createdAt: number;
  meta: Record<string, unknown>;
  weights: Buffer;
}

/** Reads and writes model weights (base64 text, so one column type serves SQLite and PostgreSQL). */
export class ModelRepo {
  private readonly db: Kysely<{ model_weights: ModelWeightsTable }>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<{ model_weights: ModelWeightsTable }>() as unknown as Kysely<{ model_weights: ModelWeightsTable }>;
  }

  /** Stores a model under `name`, replacing any previous one. */
  async save(m: Omit<StoredModel, 'createdAt'>, now = Date.now()): Promise<void> {
    const row = { kind: m.kind, created_at: now, meta: JSON.stringify(m.meta), weights: m.weights.toString('base64') };
    await this.db
      .insertInto('model_weights')
      .values({ name: m.name, ...row })
      .onConflict((oc) => oc.column('name').doUpdateSet(row))
      .execute();
  }

  /** The model stored under `name`, or undefined. */
  async load(name: string): Promise<StoredModel | undefined> {
    const r = await this.db.selectFrom('model_weights').selectAll().where('name', '=', name).executeTakeFirst();
    if (!r) return undefined;
    return { name: r.name, kind: r.kind, createdAt: Number(r.created_at), meta: JSON.parse(r.meta) as Record<string, unknown>, weights: Buffer.from(r.weights, 'base64') };
  }

  /** Name and creation time of the stored models whose name starts with `prefix` (weights not read), by name. */
  async versions(prefix: string): Promise<Array<{ name: string; createdAt: number }>> {
    // LIKE's wildcards in the prefix only widen the match; startsWith decides.
    const rows = await this.db.selectFrom('model_weights').select(['name', 'created_at']).where('name', 'like', `${prefix}%`).orderBy('name').execute();
    return rows.filter((r) => r.name.startsWith(prefix)).map((r) => ({ name: r.name, createdAt: Number(r.created_at) }));
  }

  /** Removes a model; true when one was there. */
  async remove(name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('model_weights').where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
