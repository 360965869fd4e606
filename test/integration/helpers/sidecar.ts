/** @module The sidecar runner and NetBox fixtures shared with the benches (bench/lib/sidecar.ts). */
export { ensureRange, startSidecar, type Sidecar } from '../../../bench/lib/sidecar';
