/** @module The template-state port decoders read and write: templates, sampling rates and init times per exporter. */

import type { FieldPlan, FieldSpec } from './field-plan';

/** A template ready for decoding, as it was announced plus its compiled plan. */
export interface CompiledTemplate {
  id: number;
  /** True for options templates (v9 flowset 1, IPFIX set 3). */
  options: boolean;
  /** Number of leading scope fields (options templates only). */
  scopeFieldCount: number;
  fields: readonly FieldSpec[];
  plan: FieldPlan;
}

/** Sampler id under which a domain-wide sampling rate (options data without a sampler id) is kept. */
export const DEFAULT_SAMPLER = 0;

/** Counters a store keeps for metrics (template misses are the decoders' `template_missing` errors). */
export interface TemplateStoreStats {
  inserts: number;
  evictions: number;
  expirations: number;
  withdrawals: number;
}

/**
 * Template state keyed by (exporter, observation domain or source id, template or sampler id). Implementations
 * must bound their size and may expire entries; decoders treat a missing entry as "not announced yet". `nowMs` is
 * the datagram's receive time, so expiry follows the traffic's clock and decoding stays deterministic.
 */
export interface TemplateStore {
  getTemplate(exporter: string, domain: number, templateId: number, nowMs: number): CompiledTemplate | undefined;
  setTemplate(exporter: string, domain: number, template: CompiledTemplate, nowMs: number): void;
  /** Remove one template (IPFIX withdrawal); true when it existed. */
  withdrawTemplate(exporter: string, domain: number, templateId: number): boolean;
  /** Remove every template (or every options template) of a domain; returns how many went. */
  withdrawAllTemplates(exporter: string, domain: number, options: boolean): number;
  getSamplingRate(exporter: string, domain: number, samplerId: number, nowMs: number): number | undefined;
  setSamplingRate(exporter: string, domain: number, samplerId: number, rate: number, nowMs: number): void;
  /** IPFIX systemInitTimeMilliseconds for a domain, for flowStart/EndSysUpTime. */
  getSystemInitMs(exporter: string, domain: number, nowMs: number): number | undefined;
  setSystemInitMs(exporter: string, domain: number, ms: number, nowMs: number): void;
  /** Entries held now (templates plus sampling and init-time values). */
  size(): number;
  readonly stats: TemplateStoreStats;
}

/** The store plus the keys and time every template and options call of one message shares. */
export interface StoreScope {
  store: TemplateStore;
  exporter: string;
  domain: number;
  nowMs: number;
}
