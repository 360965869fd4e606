import { openStore } from '../../store';
import type { KeaEvent } from './event-line';
import { eventPayload, eventPayloadJson, storeSink } from './event-sink';

const event = (over: Partial<KeaEvent> = {}): KeaEvent => ({
  v: 1, type: 'lease4_committed', ts: 1795500000000, address: '10.64.8.5', hwaddr: '0c:00:00:00:00:01', client_id: null,
  hostname: null, subnet_id: 1, valid_lft: 3600, group: null, classes: ['ALL', 'UNKNOWN'], ...over,
});

/** Events whose text fields need every kind of JSON escaping, and none. */
const EVENTS: KeaEvent[] = [
  event(),
  event({ type: 'lease4_release', hwaddr: '', client_id: '', hostname: '', group: '', classes: [] }),
  event({ type: 'group_claim', client_id: '01:0c:00:00:00:00:01', hostname: 'pxe-01', group: 'group:tag:web', classes: [''] }),
  event({ type: 'lease4_renew', hostname: 'a"b\\c\td\u0001\u007f', group: 'hôst-ü \u2028 😀', classes: ['"', '\\', '\ud800'] }),
  event({ type: 'lease4_expire', ts: 0, subnet_id: 2 ** 53 - 1, valid_lft: 0 }),
];

describe('storeSink', () => {
  it('renders each payload as JSON.stringify does', () => {
    for (const e of EVENTS) expect(eventPayloadJson(e)).toBe(JSON.stringify(eventPayload(e)));
  });

  it('stores each event as kea.<type> with its resource and payload', async () => {
    const store = await openStore('sqlite::memory:');
    await storeSink(store, () => (e) => (e.group ? 'res-1' : null))(EVENTS);
    const rows = await store.events.list();
    expect(rows.map(({ id: _, ...r }) => r)).toEqual(EVENTS.map((e) => ({ ts: e.ts, type: `kea.${e.type}`, resourceId: e.group ? 'res-1' : null, reservationId: null, payload: eventPayload(e) })));
    await store.close();
  });
});
