/** @module The sidecar runner and NetBox fixtures shared with the benches (bench/lib/sidecar.ts). */
export { ensureRange, liveConfig, startLiveSidecar, startSidecar, type LiveStack, type Sidecar } from '../../../bench/lib/sidecar';
