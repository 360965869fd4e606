/** @module Capture ingest: classic pcap and pcapng readers, link layers, UDP extraction. Pure: bytes in, packets out. */

export * from './types';
export { readCapture } from './read-capture';
export { readClassicPcap, isClassicPcap } from './classic';
export { readPcapng, isPcapng } from './pcapng';
export * from './link-layer';
export { udpOf, udpDatagrams, ipv4Text, type UdpDatagram } from './udp';
export { summariseTraffic, type SummariseOptions, type TrafficSummary } from './summarise';
