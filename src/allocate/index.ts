/** @module Cost model, pool replay, static baselines, ipshadow's newsvendor, lead-signal and history-driven policies and the backtest harness. */
export * from './backtest';
export * from './baselines';
export * from './cost';
export * from './grids';
export * from './metrics';
export * from './newsvendor-policy';
export * from './pool-sim';
export * from './forecast-policy';
export * from './lead-policy';
export * from './rate-oracle';
export * from './lead-decider';
export * from './cost-breakdown';
export * from './history-policy';
