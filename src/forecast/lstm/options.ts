/** @module LSTM forecaster options, checked once by zod; defaults sized for two CPU cores (about 10 s of training). */
import { z } from 'zod';

/** Window length, model size, training budget and seed of the global LSTM. */
export const LstmOptionsSchema = z.object({
  window: z.number().int().min(4).max(168).default(24),
  units: z.number().int().min(2).max(64).default(16),
  epochs: z.number().int().min(1).max(50).default(4),
  batchSize: z.number().int().min(8).max(4096).default(512),
  learningRate: z.number().positive().max(1).default(0.01),
  maxWindows: z.number().int().min(16).max(20000).default(6000),
  minWindows: z.number().int().min(8).default(64),
  maxHorizon: z.number().int().min(1).max(1000).default(168),
  validationShare: z.number().min(0.05).max(0.5).default(0.15),
  seed: z.number().int().default(1),
});
/** LSTM options as accepted. */
export type LstmOptions = z.input<typeof LstmOptionsSchema>;
/** LSTM options after defaults. */
export type LstmConfig = z.output<typeof LstmOptionsSchema>;
