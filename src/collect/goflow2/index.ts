/** @module goflow2 JSON lines as a flow input: from a file, stdin or a NATS subject. */

export { parseGoflowLine } from './parse-line';
export { readGoflowFile, readGoflowStream, subscribeGoflowNats, type GoflowCounts, type GoflowNatsInput, type GoflowSinkOptions } from './sources';
