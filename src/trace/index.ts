/** @module Trace importers, the trace file format and series extraction. */
export * from './azure-vm';
export * from './azure-vm-files';
export * from './csv';
export * from './errors';
export * from './jsonl';
export * from './series';
