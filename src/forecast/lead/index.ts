/** @module The lead-signal model: telemetry features, labels, GLMs fitted by IRLS, and the fitted model. */
export * from './features';
export * from './glm';
export * from './labels';
export * from './model';
export * from './count';
export * from './shadow';
export * from './calibrated';
export * from './conditional-count';
