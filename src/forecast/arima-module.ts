/**
 * @module Loads npm `arima` with its WASM print hooks pointed at a buffer, so the library never writes to stdout
 * (it prints its error text there, which would corrupt JSON logs). Loaded once, lazily.
 */
import { dirname, join } from 'node:path';

/** The arima constructor's options (optimizer 5 = BFGS, see notes/forecast.md). */
export interface ArimaOptions {
  p: number; d: number; q: number; P: number; D: number; Q: number; s: number;
  method?: number; optimizer?: number; verbose?: boolean;
}

/** One fitted model instance. */
export interface ArimaModel {
  train(ts: number[]): ArimaModel;
  predict(h: number): [number[], number[]];
  destroy(): void;
}

type ArimaCtor = new (o: ArimaOptions) => ArimaModel;

let ctor: ArimaCtor | null = null;
const printed: string[] = [];

/** The arima constructor, with library output captured instead of printed. */
export function arimaCtor(): ArimaCtor {
  if (ctor) return ctor;
  // The package's exports map hides these files, so load them by path: that is how the print hooks can be passed in.
  const dir = dirname(require.resolve('arima'));
  const factory = require(join(dir, 'wasm', 'native-sync.js')) as (m: object) => object;
  const wasmBinary = require(join(dir, 'wrapper', 'native.bin.js')) as unknown;
  const load = require(join(dir, 'load.js')) as (m: object) => ArimaCtor;
  const sink = (...a: unknown[]): void => { printed.push(a.join(' ')); if (printed.length > 100) printed.shift(); };
  ctor = load(factory({ wasmBinary, print: sink, printErr: sink }));
  return ctor;
}

/** Takes (and clears) what the library printed since the last call. */
export function takeArimaOutput(): string[] {
  return printed.splice(0, printed.length);
}
