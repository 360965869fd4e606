/** @module NetBox request and response types, taken from the schema generated off the live NetBox (openapi/). */
import type { components } from '../../../openapi/netbox';

type Schemas = components['schemas'];

/**
 * Body of one available-ips POST. The schema lists only `prefix_length`, but NetBox accepts every IP field; tags are
 * referenced by slug alone so a renamed tag still resolves.
 */
export type AvailableIpBody = Omit<Schemas['IPAddressRequest'], 'address' | 'tags'> & Schemas['AvailableIPRequestRequest'] & { tags?: Array<Pick<Schemas['NestedTagRequest'], 'slug'>> };

/** A journal entry to create. */
export type JournalEntryBody = Schemas['WritableJournalEntryRequest'];

/** A bulk PATCH item for IP addresses. */
export type IpPatchBody = Schemas['PatchedWritableIPAddressRequest'] & { id: number };

/** An IP address as NetBox returns it. */
export type NetBoxIpAddress = Schemas['IPAddress'];
