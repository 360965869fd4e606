/** @module Reads the azure-vm-v1 files of one split from a directory and imports them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../core/trace';
import { importAzureVm, type AzureResourceMode } from './azure-vm';

/** Censoring boundary (seconds) of each split's duration file. */
export const AZURE_SPLITS = { train: 1800000, dev: 2100000 } as const;

/** Imports one split (`dev` or `train`) of azure-vm-v1 from `dir`. */
export function loadAzureVm(dir: string, split: keyof typeof AZURE_SPLITS, mode: AzureResourceMode = 'flavor', placementSeed?: number): Trace {
  const c = AZURE_SPLITS[split];
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  const durations = `traces_v1.${split}.c${c}.txt`;
  return importAzureVm(
    {
      flavors: read(`traces_v1.${split}.txt`),
      durations: existsSync(join(dir, durations)) ? read(durations) : undefined,
      intervalMap: read('maps_v1.interval_map.txt'),
      batchSizeMap: read('maps_batch_size_map.txt'),
    },
    { mode, censorSeconds: c, placementSeed, name: `azure-vm-v1.${split}.${mode}${placementSeed === undefined ? '' : `.random${placementSeed}`}` },
  );
}
