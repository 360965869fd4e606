/** @module Calibration of stated probabilities: isotonic regression and the reliability table, Brier score and AUC. */
export * from './isotonic';
export * from './reliability';
export * from './conformal';
