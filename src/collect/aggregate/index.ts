/** @module Aggregation of mapped flows into per-resource one-minute buckets. */

export { Aggregator, type AggregatorOptions, type AggregatorStats } from './aggregator';
export { LeadClassifier, LEAD_CLASSES, DEFAULT_LEAD_RULES, type LeadClass, type LeadIndex, type LeadRules } from './lead';
export { PeerMemory, type PeerKey } from './peer-memory';
export { peerText, ipv6HexText } from './peer-text';
export { BUCKET_MS, emptyDelta, type BucketDelta, type TelemetrySink, type UnknownDelta } from './types';
