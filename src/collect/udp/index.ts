/** @module UDP flow collection: listeners, the admit-decode-count core, exporter limits and kernel drop counts. */

export { FlowCollector, exporterKey, type FlowCollectorOptions, type ListenerInfo } from './collector';
export { ExporterTable, type Admission, type ExporterLimits, type ExporterState } from './exporter-table';
export { UdpListener, type ListenerConfig } from './listener';
export { udpSocketDrops } from './socket-drops';
