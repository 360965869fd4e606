/** @module The ipshadow hook's own control commands: push group address lists, read them back, read counters. */
import { run, type KeaControl } from './control';

/** One group as the hook reports it. */
export interface HookGroup {
  addresses: string[];
  claims: Array<{ address: string; client: string; state: string }>;
  free: number;
  rules: Record<string, unknown>;
}

/** The hook's counters (`ipshadow-stats-get`). */
export interface HookStats {
  sent: number;
  dropped: number;
  'dropped-queue-full': number;
  'dropped-disconnected': number;
  'dropped-write-failed': number;
  reconnects: number;
  'queue-depth': number;
  'queue-capacity': number;
  connected: boolean;
  assigned: number;
  offered: number;
  exhausted: number;
}

/** Typed wrappers for the hook's commands. */
export class HookCommands {
  constructor(private readonly control: KeaControl) {}

  /** Replaces every group's shadow address list; claims on addresses still listed survive. */
  async setGroups(groups: Record<string, string[]>): Promise<{ groups: number; addresses: number }> {
    return (await run<{ groups: number; addresses: number }>(this.control, 'ipshadow-groups-set', { groups }))!;
  }

  /** Every group's rules, addresses and claims (an empty map when no addresses are set). */
  async groups(): Promise<Record<string, HookGroup>> {
    return (await run<{ groups: Record<string, HookGroup> }>(this.control, 'ipshadow-groups-get', undefined, true))?.groups ?? {};
  }

  /** Event and assignment counters. */
  async stats(): Promise<HookStats> {
    return (await run<HookStats>(this.control, 'ipshadow-stats-get'))!;
  }
}
