import Fastify from 'fastify';
import { compress } from 'snappyjs';
import { LAB_MAP_INPUT } from '../../../test/fixtures/flows/lab-resources';
import { ResourceMap } from '../mapping';
import { CollectStats } from '../stats';
import { WriteRequest } from './remote-write';
import { metricsIngestRoutes } from './routes';
import type { MetricPoint } from './resolve';

async function server(maxRows = 10) {
  const stored: MetricPoint[] = [];
  const stats = new CollectStats();
  const app = Fastify();
  await app.register(metricsIngestRoutes({ map: () => new ResourceMap(LAB_MAP_INPUT), store: { putMetrics: async (rs) => (stored.push(...rs), rs.length) }, maxRows, maxBodyBytes: 1 << 20, stats }));
  return { app, stored, stats };
}

describe('resource metrics ingest', () => {
  it('takes JSON rows by resource id, IP or MAC with second, ms or ISO times, and reports bad rows by path', async () => {
    const { app, stored, stats } = await server();
    const res = await app.inject({ method: 'POST', url: '/api/v1/metrics', payload: [
      { resource: 'vmif:1', metric: 'cpu', value: 0.5, ts: 1795515486 },
      { ip: '10.77.0.2', metric: 'memory', value: 2048, ts: 1795515486123 },
      { mac: '02:00:00:00:00:01', metric: 'bandwidth', value: '12.5', ts: '2026-11-24T10:18:06Z' },
      { resource: 'vmif:9', metric: 'cpu', value: 1, ts: 1 },
      { ip: '10.77.9.9', metric: 'cpu', value: 1, ts: 1 },
      { metric: 'cpu', value: 'lots', ts: 1, extra: true },
    ] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 3, rejected: 3, ignored: 0, errors: [
      { at: '$[5].value', message: 'Invalid input: expected number, received NaN' },
      { at: '$[5]', message: 'Unrecognized key: "extra"' },
      { at: '$[3]', message: 'no resource for resource vmif:9' },
      { at: '$[4]', message: 'no resource for ip 10.77.9.9' },
    ] });
    expect(stored).toEqual([
      { resourceId: 'vmif:1', metric: 'cpu', ts: 1795515486000, value: 0.5 },
      { resourceId: 'vmif:2', metric: 'memory', ts: 1795515486123, value: 2048 },
      { resourceId: 'vmif:1', metric: 'bandwidth', ts: Date.UTC(2026, 10, 24, 10, 18, 6), value: 12.5 },
    ]);
    expect([stats.metricRows.get('accepted'), stats.metricRows.get('rejected')]).toEqual([3, 3]);
  });

  it('takes CSV with a header and reports bad lines by number', async () => {
    const { app, stored } = await server();
    const csv = 'ip,metric,value,timestamp\n10.77.0.1,cpu,0.25,1795515486\n\n10.77.0.1,cpu,abc,1795515486\n10.77.0.2,"mem",1,2026-11-24T10:18:06Z,extra\n';
    const res = await app.inject({ method: 'POST', url: '/api/v1/metrics', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(res.json()).toEqual({ accepted: 1, rejected: 2, ignored: 0, errors: [
      { at: 'line 4.value', message: 'Invalid input: expected number, received NaN' },
      { at: 'line 5', message: '5 columns, the header has 4' },
    ] });
    expect(stored).toEqual([{ resourceId: 'vmif:1', metric: 'cpu', ts: 1795515486000, value: 0.25 }]);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/metrics', headers: { 'content-type': 'text/csv' }, payload: 'host,metric\nx,y\n' });
    expect([bad.statusCode, bad.json().errors[0].at]).toEqual([400, 'line 1']);
  });

  it('reads at most maxRows rows and says how many it ignored', async () => {
    const { app, stored } = await server(2);
    const rows = [1, 2, 3, 4].map((v) => ({ resource: 'vmif:1', metric: 'cpu', value: v, ts: v }));
    const res = await app.inject({ method: 'POST', url: '/api/v1/metrics', payload: { series: rows } });
    expect(res.json()).toEqual({ accepted: 2, rejected: 0, ignored: 2, errors: [{ at: '$.series[2]', message: 'more than 2 rows; 2 ignored' }] });
    expect(stored.map((p) => p.value)).toEqual([1, 2]);
  });

  it('rejects JSON that is not a list of rows', async () => {
    const { app } = await server();
    const res = await app.inject({ method: 'POST', url: '/api/v1/metrics', payload: { rows: [] } });
    expect([res.statusCode, res.json().errors[0].at]).toEqual([400, '$']);
  });

  it('takes Prometheus remote-write (snappy protobuf) with resource, ip or instance labels', async () => {
    const { app, stored } = await server();
    const msg = WriteRequest.fromObject({ timeseries: [
      { labels: [{ name: '__name__', value: 'node_load1' }, { name: 'instance', value: '10.77.0.2:9100' }], samples: [{ value: 0.7, timestamp: 1795515486000 }, { value: NaN, timestamp: 1795515487000 }] },
      { labels: [{ name: '__name__', value: 'cpu' }, { name: 'resource', value: 'group:tag:lab' }], samples: [{ value: 3, timestamp: 1795515486000 }] },
      { labels: [{ name: 'job', value: 'x' }], samples: [{ value: 1, timestamp: 1 }] },
    ] });
    const body = Buffer.from(compress(WriteRequest.encode(msg).finish()));
    const res = await app.inject({ method: 'POST', url: '/api/v1/metrics/write', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' }, payload: body });
    expect(res.statusCode).toBe(204);
    expect(stored).toEqual([
      { resourceId: 'vmif:2', metric: 'node_load1', ts: 1795515486000, value: 0.7 },
      { resourceId: 'group:tag:lab', metric: 'cpu', ts: 1795515486000, value: 3 },
    ]);
    const junk = await app.inject({ method: 'POST', url: '/api/v1/metrics/write', headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from('not snappy at all') });
    expect(junk.statusCode).toBe(400);
  });
});
