/** @module Mapping flow endpoints to resources (longest-prefix match over the NetBox mirror). */

export { PrefixTable, maskV4, maskV6Hex } from './prefix-table';
export { ResourceMap, emptyResourceMap, parseMac, v6Bytes, type ResourceIds, type ResourceMapInput } from './resource-map';
