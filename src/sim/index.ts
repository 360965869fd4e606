/** @module Seeded world simulator and its named scenarios. */
export * from './rate';
export * from './rng';
export * from './scenarios';
export * from './telemetry';
export * from './world';
export * from './intensity';
