/**
 * @module Seeded world simulator: Poisson tenants, autoscaling groups driven by load, and devices whose boot traffic
 * (DHCP, TFTP, DNS, provisioning) comes minutes before their allocation. It emits the trace format.
 */
import { z } from 'zod';
import { sortEvents, type Trace, type TraceEvent } from '../core/trace';
import { autoscale } from './autoscale';
import { rateSeriesParts, RateShapeSchema } from './rate';
import { Rng } from './rng';
import { BucketBook } from './telemetry';

const MIN = 60_000;

const Base = z.object({ id: z.string().min(1), shape: RateShapeSchema });
/** One simulated resource: independent arrivals, an autoscaling group, or devices that boot before allocating. */
export const SimResourceSchema = z.discriminatedUnion('kind', [
  Base.extend({ kind: z.literal('poisson'), meanLifetimeMin: z.number().positive() }),
  Base.extend({
    kind: z.literal('autoscale'),
    /** Load one instance serves at 100% (the metric's unit per instance, e.g. requests per minute per target). */
    perInstance: z.number().positive(),
    /** The tracked utilisation: AWS target tracking's TargetValue, Kubernetes HPA's averageUtilization. */
    targetUtil: z.number().gt(0).max(1).default(0.7),
    /** Minutes between scale-ins: the ASG's cooldown, HPA's scale-down stabilisation window. */
    cooldownMin: z.number().int().nonnegative().default(10),
    /** The floor: the ASG's MinSize, HPA's minReplicas. */
    minInstances: z.number().int().nonnegative().default(1),
    /** One-minute datapoints the scale-out alarm needs breaching: AWS target tracking's 3 (CloudWatch evaluation periods); 0 scales in the load's own minute. */
    reactionMin: z.number().int().nonnegative().default(0),
  }),
  Base.extend({ kind: z.literal('boot'), leadMin: z.tuple([z.number().int().positive(), z.number().int().positive()]), meanLifetimeMin: z.number().positive() }),
]);
/** A simulated world: seed, length and resources. */
export const WorldSchema = z.object({ name: z.string().default('sim'), seed: z.number().int(), days: z.number().positive(), resources: z.array(SimResourceSchema).min(1) });
/** A world as accepted. */
export type WorldConfig = z.input<typeof WorldSchema>;
type Res = z.output<typeof SimResourceSchema>;
/** One simulated resource after defaults are applied. */
export type SimResource = Res;

/** The running simulation's shared state (resource drivers append events and telemetry). */
export interface SimCtx { rng: Rng; minutes: number; events: TraceEvent[]; book: BucketBook; n: number }

function emit(c: SimCtx, r: string, m: number, life: number): void {
  const key = `${r}#${c.n++}`;
  const t = m * MIN + Math.floor(c.rng.next() * MIN);
  c.events.push({ tMs: t, resourceId: r, kind: 'alloc', key });
  const end = t + Math.max(MIN, Math.round(life * MIN));
  if (end < c.minutes * MIN) c.events.push({ tMs: end, resourceId: r, kind: 'release', key });
}

function poisson(c: SimCtx, r: Extract<Res, { kind: 'poisson' }>, rate: Float64Array): void {
  rate.forEach((lam, m) => {
    for (let k = c.rng.poisson(lam); k > 0; k--) emit(c, r.id, m, c.rng.exp(r.meanLifetimeMin));
    c.book.add(r.id, m, 'data', c.rng.poisson(lam * 50));
  });
}

function boot(c: SimCtx, r: Extract<Res, { kind: 'boot' }>, rate: Float64Array): void {
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
  const c: SimCtx = { rng, minutes: Math.round(w.days * 1440), events: [], book: new BucketBook(), n: 0 };
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
