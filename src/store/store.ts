/** @module Opens the database, migrates it and exposes the repositories. */
import { migrate, openDb, type Db } from './connect';
import { AllocationRepo } from './allocation-repo';
import { CursorRepo } from './cursor-repo';
import { EventRepo } from './event-repo';
import { IpamRepo } from './ipam-repo';
import { MirrorRepo } from './mirror-repo';
import { ModelRepo } from './model-repo';
import { ReservationRepo } from './reservation-repo';
import { ResourceRepo } from './resource-repo';
import { ShadowRepo } from './shadow-repo';
import { TelemetryRepo } from './telemetry-repo';

/** The store and its repositories. */
export interface Store {
  db: Db;
  mirror: MirrorRepo;
  resources: ResourceRepo;
  events: EventRepo;
  reservations: ReservationRepo;
  cursors: CursorRepo;
  telemetry: TelemetryRepo;
  ipam: IpamRepo;
  models: ModelRepo;
  shadow: ShadowRepo;
  allocations: AllocationRepo;
  /** Migrations applied when the store was opened. */
  migrated: string[];
  close(): Promise<void>;
}

/** Opens and migrates the store at `url`; `onConnectionError` hears about dropped idle PostgreSQL connections. */
export async function openStore(url: string, onConnectionError?: (err: Error) => void): Promise<Store> {
  const db = openDb(url, onConnectionError);
  const migrated = await migrate(db);
  const k = db.kysely;
  return {
    db,
    mirror: new MirrorRepo(k),
    resources: new ResourceRepo(k),
    events: new EventRepo(k),
    reservations: new ReservationRepo(k),
    cursors: new CursorRepo(k),
    telemetry: new TelemetryRepo(db),
    ipam: new IpamRepo(k),
    models: new ModelRepo(k),
    shadow: new ShadowRepo(db),
    allocations: new AllocationRepo(k),
    migrated,
    close: () => db.close(),
  };
}
