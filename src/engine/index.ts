/** @module The proactive allocation engine: policy and sizing, lead-time jitter, the reservation lifecycle, the loop. */
export * from './engine';
export * from './lead';
export * from './lifecycle';
export * from './policy';
export * from './backtest';
export * from './reconcile';
export * from './memory-dhcp';
