/** @module Starts the tfjs WASM backend once per process, loading the .wasm files from node_modules (no tfjs-node). */
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<void> | undefined;

/** Resolves when tfjs runs on the WASM backend; later calls share the first call's promise. */
export function ensureWasmBackend(): Promise<void> {
  ready ??= (async () => {
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + sep);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
    await tf.ready();
  })();
  return ready;
}

/** True once the WASM backend is the active one (forecasting needs it to have been awaited first). */
export function wasmBackendReady(): boolean {
  return tf.getBackend() === 'wasm';
}
