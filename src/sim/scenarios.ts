/**
 * @module The named simulator scenarios of issue 5: steady diurnal, bursty autoscaling (scale-out after a 3-minute
 * alarm, as AWS target tracking), boot storms, and bursty autoscaling with an instant scaler for comparison.
 */
import type { WorldConfig } from './world';

/** Scenario names. */
export const SCENARIOS = ['steady-diurnal', 'bursty-autoscaling', 'boot-storms', 'bursty-autoscaling-instant'] as const;
/** The three scenario kinds the calibration check pools (bursty with the realistic 3-minute reaction). */
export const CALIBRATION_SCENARIOS = ['steady-diurnal', 'bursty-autoscaling', 'boot-storms'] as const;
/** One scenario name. */
export type ScenarioName = (typeof SCENARIOS)[number];

/** The world config of a named scenario, for `days` days from `seed`. */
export function scenario(name: ScenarioName, seed = 1, days = 14): WorldConfig {
  switch (name) {
    case 'steady-diurnal':
      return { name, seed, days, resources: [
        { id: 'tenant-a', kind: 'poisson', meanLifetimeMin: 240, shape: { base: 0.2, diurnal: 0.7, noise: 0.1 } },
        { id: 'tenant-b', kind: 'poisson', meanLifetimeMin: 60, shape: { base: 0.05, diurnal: 0.5, peakHour: 10, driftPerDay: 0.02 } },
      ] };
    case 'bursty-autoscaling':
    case 'bursty-autoscaling-instant': {
      // AWS target tracking's scale-out alarm needs 3 breaching one-minute datapoints; the instant variant needs none.
      const reactionMin = name === 'bursty-autoscaling' ? 3 : 0;
      return { name, seed, days, resources: [
        { id: 'asg-web', kind: 'autoscale', perInstance: 100, reactionMin, shape: { base: 600, diurnal: 0.6, burstsPerDay: 3, burstFactor: 2.5, burstMinutes: 30, noise: 0.15 } },
        { id: 'asg-batch', kind: 'autoscale', perInstance: 50, cooldownMin: 30, reactionMin, shape: { base: 150, diurnal: 0.3, burstsPerDay: 6, burstFactor: 4, burstMinutes: 15, noise: 0.2 } },
      ] };
    }
    case 'boot-storms':
      return { name, seed, days, resources: [
        { id: 'rack-pxe', kind: 'boot', leadMin: [3, 8], meanLifetimeMin: 600, shape: { base: 0.02, diurnal: 0.2, burstsPerDay: 4, burstFactor: 40, burstMinutes: 10 } },
        { id: 'lab-pxe', kind: 'boot', leadMin: [2, 5], meanLifetimeMin: 120, shape: { base: 0.05, diurnal: 0.6, burstsPerDay: 2, burstFactor: 15, burstMinutes: 20 } },
      ] };
  }
}
