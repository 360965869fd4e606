/** @module Forecasters behind one interface: Kalman (level/trend, vectorised) and SARIMA with validation and fallback; the lead-signal model and calibration. */
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
