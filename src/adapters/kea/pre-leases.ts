/** @module Pre-leases through lease_cmds: a lease added ahead of the client, marked with an ipshadow user-context. */
import { IpshadowError } from '../../core/errors';
import { KEA_RESULT, run, type KeaControl } from './control';

/** A pre-lease to write. */
export interface PreLease {
  address: string;
  hwaddr: string;
  subnetId: number;
  validLft: number;
  reservationId: string;
  resourceId: string;
  hostname?: string;
}

/** A lease as lease4-get-all returns it (the fields ipshadow reads). */
export interface KeaLease {
  'ip-address': string;
  'hw-address': string;
  'subnet-id': number;
  'valid-lft': number;
  cltt: number;
  state: number;
  hostname?: string;
  'user-context'?: { ipshadow?: { reservation: string; resource: string } };
}

/** Writes, lists and removes ipshadow pre-leases. */
export class PreLeaseWriter {
  constructor(private readonly control: KeaControl) {}

  /** Adds a lease for the client's MAC; Kea serves it on that client's next DORA (address must be inside a pool). */
  async add(p: PreLease): Promise<void> {
    await run(this.control, 'lease4-add', {
      'ip-address': p.address,
      'hw-address': p.hwaddr,
      'subnet-id': p.subnetId,
      'valid-lft': p.validLft,
      ...(p.hostname && { hostname: p.hostname }),
      'user-context': { ipshadow: { reservation: p.reservationId, resource: p.resourceId } },
    });
  }

  /** Deletes a lease by address; deleting an absent lease is not an error (reconcile repeats deletes). */
  async remove(address: string): Promise<'deleted' | 'absent'> {
    const answer = await this.control.send('lease4-del', { 'ip-address': address });
    if (answer.result === KEA_RESULT.success) return 'deleted';
    if (answer.result === KEA_RESULT.empty) return 'absent';
    throw new IpshadowError('KEA_COMMAND', `Kea lease4-del ${address} failed (result ${answer.result}): ${answer.text ?? ''}`, { address });
  }

  /** One lease by address, or undefined. */
  async get(address: string): Promise<KeaLease | undefined> {
    return run<KeaLease>(this.control, 'lease4-get', { 'ip-address': address }, true);
  }

  /** Every lease carrying the ipshadow user-context. */
  async list(): Promise<KeaLease[]> {
    const all = (await run<{ leases: KeaLease[] }>(this.control, 'lease4-get-all', undefined, true))?.leases ?? [];
    return all.filter((l) => l['user-context']?.ipshadow !== undefined);
  }
}
