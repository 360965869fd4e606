/** @module Forecasters behind one interface: Kalman (level/trend, vectorised), SARIMA with validation and fallback, per-series selection and conformal calibration; the lead-signal model; the history (self-exciting) model. The LSTM (`./lstm`, tfjs) is imported on demand. */
export * from './kalman';
export * from './kalman-filter';
export * from './normal';
export * from './sarima';
export * from './types';
export * from './validate';
export * from './one-step';
export * from './shadow-entry';
export * from './lead';
export * from './calibration';
export * from './select';
export * from './pipeline';
export * from './history';
