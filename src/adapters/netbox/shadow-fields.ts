/** @module The NetBox objects ipshadow owns: its tag, custom fields and reservation state choices. */
import { RESERVATION_STATES } from '../../core/reservation';

/** Custom fields on ipam.ipaddress that describe a shadow reservation. */
export const SHADOW_CUSTOM_FIELDS = [
  { name: 'ipshadow_resource', label: 'ipshadow resource', type: 'text', description: 'Resource the address is held for' },
  { name: 'ipshadow_confidence', label: 'ipshadow confidence', type: 'decimal', description: 'Forecast probability that the resource needs an address within the horizon' },
  { name: 'ipshadow_expires', label: 'ipshadow expires', type: 'datetime', description: 'When the reservation is released if nobody claims it' },
  { name: 'ipshadow_state', label: 'ipshadow state', type: 'select', description: 'Reservation lifecycle state' },
  { name: 'ipshadow_reservation', label: 'ipshadow reservation', type: 'text', description: 'Reservation id in the ipshadow store (used by reconcile)' },
] as const;

/** Name of the choice set behind `ipshadow_state`. */
export const STATE_CHOICE_SET = 'ipshadow-reservation-states';

/** The choice set's `[value, label]` pairs. */
export const STATE_CHOICES: Array<[string, string]> = RESERVATION_STATES.map((s) => [s, s.replace('_', ' ')]);

/** Group name shown in NetBox's UI for the custom fields. */
export const CUSTOM_FIELD_GROUP = 'ipshadow';
