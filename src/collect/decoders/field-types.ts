/**
 * @module Information element numbers used by the NetFlow v9 and IPFIX decoders.
 * RFC 3954 section 8 (NetFlow v9 field types) and the IANA IPFIX Information Elements registry (RFC 7012);
 * numbers 1..127 mean the same in both.
 */

export const IN_BYTES = 1; // octetDeltaCount
export const IN_PKTS = 2; // packetDeltaCount
export const PROTOCOL = 4; // protocolIdentifier
export const SRC_TOS = 5; // ipClassOfService
export const TCP_FLAGS = 6; // tcpControlBits
export const L4_SRC_PORT = 7; // sourceTransportPort
export const IPV4_SRC_ADDR = 8; // sourceIPv4Address
export const SRC_MASK = 9; // sourceIPv4PrefixLength
export const INPUT_SNMP = 10; // ingressInterface
export const L4_DST_PORT = 11; // destinationTransportPort
export const IPV4_DST_ADDR = 12; // destinationIPv4Address
export const DST_MASK = 13; // destinationIPv4PrefixLength
export const OUTPUT_SNMP = 14; // egressInterface
export const IPV4_NEXT_HOP = 15; // ipNextHopIPv4Address
export const SRC_AS = 16; // bgpSourceAsNumber
export const DST_AS = 17; // bgpDestinationAsNumber
export const LAST_SWITCHED = 21; // flowEndSysUpTime
export const FIRST_SWITCHED = 22; // flowStartSysUpTime
export const OUT_BYTES = 23; // postOctetDeltaCount
export const OUT_PKTS = 24; // postPacketDeltaCount
export const IPV6_SRC_ADDR = 27; // sourceIPv6Address
export const IPV6_DST_ADDR = 28; // destinationIPv6Address
export const IPV6_SRC_MASK = 29; // sourceIPv6PrefixLength
export const IPV6_DST_MASK = 30; // destinationIPv6PrefixLength
export const ICMP_TYPE = 32; // icmpTypeCodeIPv4
export const SAMPLING_INTERVAL = 34; // samplingInterval
export const SAMPLING_ALGORITHM = 35; // samplingAlgorithm
export const FLOW_SAMPLER_ID = 48; // samplerId
export const FLOW_SAMPLER_MODE = 49; // samplerMode
export const FLOW_SAMPLER_RANDOM_INTERVAL = 50; // samplerRandomInterval
export const SRC_MAC = 56; // sourceMacAddress
export const DST_MAC = 57; // postDestinationMacAddress (OUT_DST_MAC)
export const SRC_VLAN = 58; // vlanId
export const IP_PROTOCOL_VERSION = 60; // ipVersion
export const DIRECTION = 61; // flowDirection
export const IPV6_NEXT_HOP = 62; // ipNextHopIPv6Address
export const IN_DST_MAC = 80; // destinationMacAddress
export const OUT_SRC_MAC = 81; // postSourceMacAddress
export const IN_PERMANENT_BYTES = 85; // octetTotalCount
export const IN_PERMANENT_PKTS = 86; // packetTotalCount
export const FORWARDING_STATUS = 89; // forwardingStatus
export const ICMP_TYPE_CODE_IPV6 = 139; // icmpTypeCodeIPv6
export const FLOW_START_SECONDS = 150;
export const FLOW_END_SECONDS = 151;
export const FLOW_START_MILLISECONDS = 152;
export const FLOW_END_MILLISECONDS = 153;
export const FLOW_START_MICROSECONDS = 154;
export const FLOW_END_MICROSECONDS = 155;
export const FLOW_START_DELTA_MICROSECONDS = 158;
export const FLOW_END_DELTA_MICROSECONDS = 159;
export const SYSTEM_INIT_TIME_MILLISECONDS = 160;
export const ICMP_TYPE_IPV4 = 176;
export const ICMP_CODE_IPV4 = 177;
export const ICMP_TYPE_IPV6 = 178;
export const ICMP_CODE_IPV6 = 179;
export const DOT1Q_VLAN_ID = 243;
export const SELECTOR_ID = 302;
export const SAMPLING_PACKET_INTERVAL = 305;
export const SAMPLING_PACKET_SPACE = 306;
export const SAMPLING_SIZE = 309;
export const SAMPLING_POPULATION = 310;
export const SAMPLING_PROBABILITY = 311;

/** RFC 7011 section 7: a field length of 65535 marks a variable-length field. */
export const VARIABLE_LENGTH = 65535;
