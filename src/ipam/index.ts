/** @module The embedded IPAM: a SourceOfTruth on the ipshadow store, with the SelectIPFromPool policies. */
export * from './address';
export * from './embedded-ipam';
export * from './select';
export * from './spans';
