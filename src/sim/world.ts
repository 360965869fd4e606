/**
 * @module Seeded world simulator: Poisson tenants, autoscaling groups driven by load, and devices whose boot traffic
 * (DHCP, TFTP, DNS, provisioning) comes minutes before their allocation. It emits the trace format.
 */
import { z } from 'zod';
import { sortEvents, type Trace, type TraceEvent } from '../core/trace';
import { rateSeriesParts, RateShapeSchema } from './rate';
import { Rng } from './rng';
import { BucketBook } from './telemetry';

const MIN = 60_000;

const Base = z.object({ id: z.string().min(1), shape: RateShapeSchema });
/** One simulated resource: independent arrivals, an autoscaling group, or devices that boot before allocating. */
export const SimResourceSchema = z.discriminatedUnion('kind', [
  Base.extend({ kind: z.literal('poisson'), meanLifetimeMin: z.number().positive() }),
  Base.extend({ kind: z.literal('autoscale'), perInstance: z.number().positive(), targetUtil: z.number().gt(0).max(1).default(0.7), cooldownMin: z.number().int().nonnegative().default(10), minInstances: z.number().int().nonnegative().default(1) }),
  Base.extend({ kind: z.literal('boot'), leadMin: z.tuple([z.number().int().positive(), z.number().int().positive()]), meanLifetimeMin: z.number().positive() }),
]);
/** A simulated world: seed, length and resources. */
export const WorldSchema = z.object({ name: z.string().default('sim'), seed: z.number().int(), days: z.number().positive(), resources: z.array(SimResourceSchema).min(1) });
/** A world as accepted. */
export type WorldConfig = z.input<typeof WorldSchema>;
type Res = z.output<typeof SimResourceSchema>;
/** One simulated resource after defaults are applied. */
export type SimResource = Res;

interface Ctx { rng: Rng; minutes: number; events: TraceEvent[]; book: BucketBook; n: number }

function emit(c: Ctx, r: string, m: number, life: number): void {
  const key = `${r}#${c.n++}`;
  const t = m * MIN + Math.floor(c.rng.next() * MIN);
  c.events.push({ tMs: t, resourceId: r, kind: 'alloc', key });
  const end = t + Math.max(MIN, Math.round(life * MIN));
  if (end < c.minutes * MIN) c.events.push({ tMs: end, resourceId: r, kind: 'release', key });
}

function poisson(c: Ctx, r: Extract<Res, { kind: 'poisson' }>, rate: Float64Array): void {
  rate.forEach((lam, m) => {
    for (let k = c.rng.poisson(lam); k > 0; k--) emit(c, r.id, m, c.rng.exp(r.meanLifetimeMin));
    c.book.add(r.id, m, 'data', c.rng.poisson(lam * 50));
  });
}

function autoscale(c: Ctx, r: Extract<Res, { kind: 'autoscale' }>, load: Float64Array): void {
  const live: string[] = [];
  let lastIn = -Infinity;
  load.forEach((l, m) => {
    const want = Math.max(r.minInstances, Math.ceil(l / (r.perInstance * r.targetUtil)));
    for (; live.length < want; c.n++) {
      const key = `${r.id}#${c.n}`;
      live.push(key);
      c.events.push({ tMs: m * MIN + c.rng.int(0, MIN - 1), resourceId: r.id, kind: 'alloc', key });
    }
    if (live.length > want && m - lastIn >= r.cooldownMin) {
      c.events.push({ tMs: m * MIN + c.rng.int(0, MIN - 1), resourceId: r.id, kind: 'release', key: live.pop()! });
      lastIn = m;
    }
    c.book.add(r.id, m, 'data', Math.round(l * 100), Math.max(1, live.length));
  });
}

function boot(c: Ctx, r: Extract<Res, { kind: 'boot' }>, rate: Float64Array): void {
  const [lo, hi] = r.leadMin;
  rate.forEach((lam, m) => {
    for (let k = c.rng.poisson(lam); k > 0; k--) {
      const lead = c.rng.int(lo, hi);
      if (m - lead < 0) continue;
      const steps: [number, 'dhcp' | 'tftp' | 'dns' | 'prov', number][] = [[0, 'dhcp', 4], [0, 'tftp', 2000], [Math.ceil(lead / 2), 'dns', 6], [lead - 1, 'prov', 300]];
      for (const [off, kind, pk] of steps) c.book.add(r.id, m - lead + off, kind, pk);
      emit(c, r.id, m, c.rng.exp(r.meanLifetimeMin));
    }
  });
}

/** A simulated world's trace and what a rate oracle may know: per resource, its config and per-minute intensity. */
export interface SimulatedWorld {
  trace: Trace;
  resources: { config: SimResource; intensity: Float64Array }[];
}

/** Runs the world and also returns each resource's noise-free intensity (seasonal × burst) per minute. */
export function simulateWorld(config: WorldConfig): SimulatedWorld {
  const w = WorldSchema.parse(config);
  const rng = new Rng(w.seed);
  const c: Ctx = { rng, minutes: Math.round(w.days * 1440), events: [], book: new BucketBook(), n: 0 };
  const resources: SimulatedWorld['resources'] = [];
  for (const r of w.resources) {
    const { rate, intensity } = rateSeriesParts(c.minutes, r.shape, rng);
    resources.push({ config: r, intensity });
    if (r.kind === 'poisson') poisson(c, r, rate);
    else if (r.kind === 'autoscale') autoscale(c, r, rate);
    else boot(c, r, rate);
  }
  const trace: Trace = {
    name: w.name, startMs: 0, endMs: c.minutes * MIN, events: sortEvents(c.events), telemetry: c.book.list(),
    resources: w.resources.map((r) => ({ id: r.id, kind: 'group', name: r.id, attrs: { sim: r.kind } })),
  };
  return { trace, resources };
}

/** Runs the world and returns its trace (events and telemetry); the same config always gives the same trace. */
export function simulate(config: WorldConfig): Trace {
  return simulateWorld(config).trace;
}
