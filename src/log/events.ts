/** @module The registry of stable log event names; docs/log-events.md lists the same names. */

/** Every `event` value a log line may carry, with a one-line meaning. */
export const LOG_EVENTS = {
  'config.loaded': 'Configuration validated and frozen at start-up.',
  'config.invalid': 'Configuration rejected; the line names the bad key path.',
  'store.migrated': 'Store migrations applied (lists the ones that ran).',
  'netbox.request.retry': 'A NetBox request failed with a retryable error and will be retried after a backoff.',
  'netbox.request.failed': 'A NetBox request failed for good (retries exhausted or not retryable).',
  'netbox.setup.object': 'netbox setup created or found one object (tag, custom field, webhook, event rule).',
  'netbox.reservation.written': 'A shadow reservation IP record was created in NetBox.',
  'netbox.reservation.state': 'A shadow reservation changed state in NetBox (journal entry written).',
  'netbox.reservation.removed': 'A shadow reservation IP record was deleted from NetBox.',
  'sync.started': 'A full NetBox sync started or resumed.',
  'sync.kind.done': 'One object kind of a full sync finished (counts of upserted and pruned rows).',
  'sync.finished': 'A full NetBox sync finished.',
  'sync.failed': 'A full NetBox sync stopped on an error; the next run resumes from the stored cursor.',
  'resources.derived': 'Resources were re-derived from the mirror by the configured rules.',
  'webhook.applied': 'A NetBox webhook event was applied to the mirror.',
  'webhook.ignored': 'A NetBox webhook event was valid but for an object kind ipshadow does not mirror.',
  'webhook.rejected': 'A NetBox webhook was rejected (bad signature: 401, bad body: 400).',
  'api.listening': 'The HTTP API is listening.',
  'api.request.error': 'An HTTP request ended in a server-side error.',
  'serve.resync.failed': 'A periodic full resync failed; it is retried on the next tick.',
  'serve.stopping': 'The service received a signal and is shutting down.',
  'collect.listening': 'A flow listener bound its UDP socket (name, address, port, protocols, receive buffer).',
  'collect.listener.error': 'A flow listener socket reported an error after binding; it keeps running.',
  'collect.map.loaded': 'The flow-to-resource map was rebuilt from the mirror (addresses, prefixes, MACs, resources).',
  'collect.flush.failed': 'Writing aggregates (or pruning) failed; deltas are kept, bounded, and retried at the next flush.',
  'collect.pruned': 'Telemetry older than its retention was deleted (rows per table).',
  'collect.pcap.ingested': 'A capture file went through the pipeline (flow datagrams, records, summarised raw flows).',
  'collect.goflow2.started': 'A goflow2 JSON-lines input started (file, stdin or NATS subject).',
  'collect.goflow2.stopped': 'A goflow2 JSON-lines input ended (line counts by result).',
  'collect.metrics.ingested': 'A resource-metrics push was processed (rows accepted and rejected).',
  'collect.stopped': 'The collector closed its listeners and flushed what was left.',
  'kea.events.listening': 'The Kea hook event socket is listening.',
  'kea.events.connected': 'The Kea hook connected to the event socket.',
  'kea.events.malformed': 'A line from the Kea hook failed validation and was dropped (counted).',
  'kea.events.sink_failed': 'A batch of Kea events could not be stored (counted).',
  'kea.command.failed': 'A Kea control command failed (transport error or non-success result).',
} as const;

/** A stable log event name. */
export type LogEvent = keyof typeof LOG_EVENTS;
