/** @module Reliability data: the trained lead model's calibrated P(any) at every minute of the held-out half, against what happened. */
import type { TrainedLead } from '../allocate/lead-policy';
import type { Trace } from '../core/trace';
import { auc, brierScore, reliabilityTable } from '../forecast/calibration/reliability';
import { anyOf, windowCounts } from '../forecast/lead/labels';
import { predictCalibrated } from '../forecast/lead/calibrated';
import { leadHistory } from '../forecast/lead/model';
import type { ReliabilityResult } from './types';

const MIN = 60_000;

/** Pools every resource's held-out (stated, observed) pairs from `fromMs` to the end and bins them by decile. */
export function heldOutReliability(trace: Trace, trained: ReadonlyMap<string, TrainedLead>, fromMs: number): ReliabilityResult {
  const p: number[] = [], y: number[] = [];
  let windowMin = 1;
  for (const [rid, tr] of trained) {
    windowMin = tr.windowMin;
    const h = leadHistory(trace.events, trace.telemetry, rid, trace.startMs, trace.endMs, fromMs, trace.endMs - tr.windowMin * MIN);
    const obs = anyOf(windowCounts(h.allocs, h.times, 0, tr.windowMin));
    h.times.forEach((t, i) => {
      p.push(predictCalibrated(tr, tr.history.grid, t).pAny);
      y.push(obs[i]!);
    });
  }
  return { windowMin, n: p.length, bins: reliabilityTable(p, y, 10), brier: brierScore(p, y), auc: auc(p, y) };
}
