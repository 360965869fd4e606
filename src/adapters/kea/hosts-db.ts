/** @module Known-MAC reservations in Kea's PostgreSQL hosts backend (Kea's own schema from `kea-admin db-init pgsql`). */
import pg from 'pg';
import { IpshadowError } from '../../core/errors';
import { parseIp, formatV4 } from '../../core/ip';

/** Kea's identifier type for a hardware address. */
const IDENTIFIER_HWADDR = 0;
/** First key of the advisory lock that serialises ipshadow's hosts writes per subnet. */
const HOSTS_LOCK = 0x1b5ad0;

/** A hosts row ipshadow writes. */
export interface HostReservation {
  hwaddr: string;
  subnetId: number;
  address: string;
  reservationId: string;
  resourceId: string;
  hostname?: string;
}

/** A hosts row ipshadow owns, as read back. */
export interface StoredHost extends HostReservation {
  hostId: number;
}

const macBytes = (mac: string) => Buffer.from(mac.replace(/[:-]/g, ''), 'hex');
const macText = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');

/** Writes and removes reservations in Kea's `hosts` table; Kea reads it on the next request, no reload needed. */
export class HostsDbWriter {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
  }

  /**
   * Inserts or moves ipshadow's reservation for this MAC in this subnet. An operator's own reservation for the same
   * MAC or address is never overwritten: that is a CONFLICT.
   */
  async upsert(h: HostReservation): Promise<number> {
    const ip = parseIp(h.address);
    if (!ip || ip.family !== 4) throw new IpshadowError('CONFLICT', `not an IPv4 address: ${h.address}`);
    const context = JSON.stringify({ ipshadow: { reservation: h.reservationId, resource: h.resourceId } });
    const mac = macBytes(h.hwaddr);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Kea's address index is not unique, so serialise writers per subnet and check the address ourselves.
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [HOSTS_LOCK, h.subnetId]);
      const taken = await client.query(
        'SELECT 1 FROM hosts WHERE ipv4_address = $1 AND dhcp4_subnet_id = $2 AND NOT (dhcp_identifier = $3 AND dhcp_identifier_type = $4)',
        [Number(ip.value), h.subnetId, mac, IDENTIFIER_HWADDR],
      );
      if (taken.rowCount) throw new IpshadowError('CONFLICT', `address ${h.address} is already reserved in subnet ${h.subnetId}`, { ...h });
      const res = await client.query<{ host_id: number }>(
        `INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, ipv4_address, hostname, user_context)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id) WHERE dhcp4_subnet_id IS NOT NULL DO UPDATE
           SET ipv4_address = EXCLUDED.ipv4_address, hostname = EXCLUDED.hostname, user_context = EXCLUDED.user_context
           WHERE hosts.user_context LIKE '{"ipshadow":%'
         RETURNING host_id`,
        [mac, IDENTIFIER_HWADDR, h.subnetId, Number(ip.value), h.hostname ?? null, context],
      );
      const row = res.rows[0];
      if (!row) throw new IpshadowError('CONFLICT', `MAC ${h.hwaddr} already has an operator reservation in subnet ${h.subnetId}`, { ...h });
      await client.query('COMMIT');
      return row.host_id;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }

  /** Removes ipshadow's reservation for a MAC in a subnet; an operator's row is left alone. */
  async remove(hwaddr: string, subnetId: number): Promise<boolean> {
    const res = await this.pool.query(
      `DELETE FROM hosts WHERE dhcp_identifier = $1 AND dhcp_identifier_type = $2 AND dhcp4_subnet_id = $3 AND user_context LIKE '{"ipshadow":%'`,
      [macBytes(hwaddr), IDENTIFIER_HWADDR, subnetId],
    );
    return (res.rowCount ?? 0) > 0;
  }

  /** Every row ipshadow owns. */
  async list(): Promise<StoredHost[]> {
    const res = await this.pool.query<{ host_id: number; dhcp_identifier: Buffer; dhcp4_subnet_id: number; ipv4_address: string; hostname: string | null; user_context: string }>(
      `SELECT host_id, dhcp_identifier, dhcp4_subnet_id, ipv4_address, hostname, user_context FROM hosts
       WHERE dhcp_identifier_type = $1 AND user_context LIKE '{"ipshadow":%' ORDER BY host_id`,
      [IDENTIFIER_HWADDR],
    );
    return res.rows.map((r) => {
      const ctx = (JSON.parse(r.user_context) as { ipshadow: { reservation: string; resource: string } }).ipshadow;
      return { hostId: r.host_id, hwaddr: macText(r.dhcp_identifier), subnetId: Number(r.dhcp4_subnet_id), address: formatV4(BigInt(r.ipv4_address)), reservationId: ctx.reservation, resourceId: ctx.resource, ...(r.hostname && { hostname: r.hostname }) };
    });
  }

  /** Closes the pool. */
  close(): Promise<void> {
    return this.pool.end();
  }
}
