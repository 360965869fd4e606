/** @module Forecasters behind one interface: Kalman (level/trend, vectorised) and SARIMA with validation and fallback. */
export * from './kalman';
export * from './kalman-filter';
export * from './normal';
export * from './sarima';
export * from './types';
export * from './validate';
export * from './one-step';
export * from './shadow-entry';
