/** @module Sampling correction: exporter rates and our own 1-in-N ingest sampling. */

export { ExporterRates, exporterAddress, type ExporterRateOptions } from './exporter-rate';
export { IngestSampler, seededRandom, type Random } from './ingest-sampler';
