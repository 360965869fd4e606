/**
 * @module `ipshadow lead-train`: fits a lead-signal model (P(allocation within the engine's horizon | recent
 * telemetry), with its out-of-fold isotonic calibration) for each resource of a trace or of the store's own history,
 * and stores it where `serve`'s lead cycle finds it.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { TelemetryBucket } from '../../core/telemetry';
import type { TraceEvent } from '../../core/trace';
import { anyOf, fitCalibratedLead, leadHistory, serializeLead, windowCounts } from '../../forecast/lead';
import { ALLOCATION_EVENT_TYPES } from '../../service/forecast-cycle';
import { leadModelName } from '../../service/lead-cycle';
import type { App } from '../../app';
import { parseFlags, usageError, withApp } from '../context';
import { loadTrace, traceOptions, traceSourceFlags, traceSources } from '../trace-source';

const MIN = 60_000;
/** Decision minutes skipped at the start, where the 15-minute feature windows are still filling. */
const WARM_MIN = 15;

const optionsSchema = z.object({
  ...traceSourceFlags,
  fromStore: z.boolean().default(false),
  hours: z.coerce.number().positive().max(24 * 90).default(24 * 7),
  until: z.string().optional().transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms)) ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO 8601 time' });
    return ms;
  }),
  from: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
  horizon: z.coerce.number().int().min(1).max(1440).optional(),
  minPositives: z.coerce.number().int().min(1).default(5),
}).refine((o) => traceSources(o) + (o.fromStore ? 1 : 0) === 1, { message: 'give exactly one of --trace FILE, --azure DIR, --sim SCENARIO or --from-store', path: ['trace'] })
  .refine((o) => !o.as || o.from, { message: 'needs --from RESOURCE (which history the model is fitted on)', path: ['as'] });

type Options = z.infer<typeof optionsSchema>;

/** The history the models are fitted on. */
interface History {
  source: string;
  startMs: number;
  endMs: number;
  resources: string[];
  events: TraceEvent[];
  telemetry(resourceId: string): Promise<TelemetryBucket[]>;
}

function fromTrace(o: Options): History {
  const t = loadTrace(o);
  return {
    source: t.name, startMs: t.startMs, endMs: t.endMs, resources: t.resources.map((r) => r.id), events: t.events,
    telemetry: async (id) => t.telemetry.filter((b) => b.resourceId === id),
  };
}

async function fromStore(app: App, o: Options): Promise<History> {
  const endMs = Math.floor((o.until ?? Date.now()) / MIN) * MIN, startMs = endMs - Math.round(o.hours * 60) * MIN;
  const types = [...ALLOCATION_EVENT_TYPES.kea, ...ALLOCATION_EVENT_TYPES.engine];
  const events = (await app.store.shadow.allocationEvents(types, startMs, endMs)).map((e, i): TraceEvent => ({ tMs: e.ts, resourceId: e.resourceId, kind: 'alloc', key: `store#${i}` }));
  return {
    source: 'store', startMs, endMs, resources: [...new Set(events.map((e) => e.resourceId))].sort(), events,
    telemetry: (id) => app.store.telemetry.telemetry(id, startMs, endMs),
  };
}

/** Registers the command. */
export function leadTrainCommand(program: Command): void {
  traceOptions(program
    .command('lead-train')
    .description('fit lead-signal models (traffic before allocations) per resource and store them for serve\'s lead cycle'))
    .option('--from-store', 'fit on the store\'s own history (Kea lease events, API allocations and collected telemetry)')
    .option('--hours <n>', 'with --from-store: hours of history', String(24 * 7))
    .option('--until <time>', 'with --from-store: end of the history (epoch ms or ISO 8601; default now)')
    .option('--from <resource>', 'fit only this resource of the history')
    .option('--as <resource>', 'store the model for this live resource id (e.g. a NetBox group fitted on a trace)')
    .option('--horizon <minutes>', 'P(allocation within this many minutes); default engine.horizonMinutes')
    .option('--min-positives <n>', 'skip resources with fewer decision minutes followed by an allocation', '5')
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const o = parseFlags('lead-train', optionsSchema, raw);
      await withApp(cmd.optsWithGlobals<{ config?: string }>().config, async (app) => {
        const h = o.fromStore ? await fromStore(app, o) : fromTrace(o);
        const horizonMin = o.horizon ?? app.config.engine.horizonMinutes;
        if (o.from && !h.resources.includes(o.from)) usageError('lead-train', `--from: ${o.from} is not a resource of ${h.source}`);
        const folds = Math.max(2, Math.floor((h.endMs - h.startMs) / 86_400_000));
        let stored = 0;
        for (const id of o.from ? [o.from] : h.resources) {
          const history = leadHistory(h.events, await h.telemetry(id), id, h.startMs, h.endMs, h.startMs + WARM_MIN * MIN, h.endMs - horizonMin * MIN);
          const positives = anyOf(windowCounts(history.allocs, history.times, 0, horizonMin)).reduce((a, b) => a + b, 0);
          const target = o.as ?? id;
          if (positives < o.minPositives) {
            process.stdout.write(`${target}: skipped, ${positives} of ${history.times.length} decision minutes lead to an allocation (fewer than ${o.minPositives})\n`);
            continue;
          }
          const model = fitCalibratedLead(history, { horizonMin, ridge: 1, folds });
          const meta = { source: h.source, resource: id, decisions: history.times.length, positives, horizonMin, folds };
          await app.store.models.save({ name: leadModelName(target), kind: 'lead-signal', meta, weights: serializeLead(model) });
          app.log.info('lead.model.trained', { target, ...meta });
          process.stdout.write(`${target}: stored, fitted on ${id} of ${h.source}: ${history.times.length} decision minutes, ${positives} followed by an allocation within ${horizonMin} min\n`);
          stored++;
        }
        if (stored === 0) process.exitCode = 1;
      });
    });
}

