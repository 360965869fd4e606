/** @module The global LSTM forecaster on tfjs (WASM backend): options, training, persistence and the `Forecaster`. */
export * from './backend';
export * from './forecaster';
export * from './options';
export * from './persist';
export * from './train';
export * from './windows';
export { exportWeights, importWeights, type WeightBlob } from './model';
