/** @module The demo report's data: everything the HTML shows, and exactly what report.json holds. */
import type { CostModel } from '../allocate/cost';
import type { PolicyMetrics } from '../allocate/metrics';
import type { ReliabilityBin } from '../forecast/calibration/reliability';

/** One policy's row, as `comparePolicies` gives it. */
export interface ReportPolicyRow {
  name: string;
  metrics: PolicyMetrics;
  ms: number;
  vsBestStatic?: number;
}

/** The headline: ipshadow's cost against the best hindsight-tuned static pool, as a ratio and as the share removed. */
export interface Headline {
  policy: string;
  cost: number;
  bestStatic: string;
  bestStaticCost: number;
  /** ipshadow cost ÷ best static cost. */
  ratio: number;
  /** 1 − ratio: the share of the best static pool's cost that ipshadow removes. */
  shareRemoved: number;
  /** The oracle's cost, when it ran. */
  oracleCost: number | null;
}

/** A scenario's comparison of every policy on its held-out half. */
export interface ScenarioResult {
  scenario: string;
  seed: number;
  days: number;
  resources: string[];
  allocs: number;
  startMs: number;
  splitMs: number;
  endMs: number;
  rows: ReportPolicyRow[];
  headline: Headline | null;
}

/** One step of a fan chart: the forecast's mean and 80%/95% bands, and what really happened. */
export interface FanPoint {
  tMs: number;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
  actual: number;
}

/** A forecast fan for one resource: recent history, then the forecast against the actual counts. */
export interface FanChart {
  resourceId: string;
  model: string;
  stepMs: number;
  history: Array<{ tMs: number; value: number }>;
  forecast: FanPoint[];
  /** Share of forecast steps whose actual count fell inside the 80% and the 95% band. */
  coverage80: number;
  coverage95: number;
}

/** The lead model's calibrated P(any) on the held-out half, binned by decile, with summary scores. */
export interface ReliabilityResult {
  windowMin: number;
  n: number;
  bins: ReliabilityBin[];
  brier: number;
  auc: number;
}

/** How a reservation ended (or `live` if it was still held when the run stopped). */
export type ReservationEnd = 'claimed' | 'expired' | 'cancelled' | 'live';

/** One reservation on the timeline. */
export interface TimelineBar {
  resourceId: string;
  address: string | null;
  createdMs: number;
  endMs: number;
  end: ReservationEnd;
}

/** The allocation engine's run on SQLite over a slice of the held-out half, and the reservations it made. */
export interface EngineRun {
  store: string;
  fromMs: number;
  toMs: number;
  metrics: PolicyMetrics;
  /** The harness's lead policy on the same slice, for comparison. */
  harness: PolicyMetrics;
  counts: Record<ReservationEnd, number>;
  /** The window the timeline shows, and the reservations that overlap it. */
  window: { fromMs: number; toMs: number };
  allocations: Array<{ tMs: number; resourceId: string }>;
  bars: TimelineBar[];
  ms: number;
}

/** The whole demo report. */
export interface DemoReport {
  title: string;
  generatedAt: string;
  version: string;
  cost: CostModel;
  tickMs: number;
  latencyModel: string;
  primary: ScenarioResult;
  others: ScenarioResult[];
  fans: FanChart[];
  reliability: ReliabilityResult;
  engine: EngineRun;
  timingsMs: Record<string, number>;
}
