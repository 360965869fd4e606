import { emptyRecord } from '../decoders';
import { ExporterRates, exporterAddress } from './exporter-rate';
import { IngestSampler, seededRandom } from './ingest-sampler';

const rec = (exporter: string, rate: number) => ({ ...emptyRecord('netflow_v9', exporter, 0, 0), samplingRate: rate });

describe('ExporterRates', () => {
  it('uses the record rate, then the unknown rate, and counts unknowns', () => {
    const r = new ExporterRates({ unknownRate: 100 });
    expect([r.rateOf(rec('192.0.2.1:2055', 10)), r.rateOf(rec('192.0.2.1:2055', 0)), r.unknown]).toEqual([10, 100, 1]);
  });

  it('lets overrides by ip or ip:port win over the record', () => {
    const r = new ExporterRates({ overrides: { '192.0.2.1': 512, '[2001:db8::1]:9': 4 } });
    expect([r.rateOf(rec('192.0.2.1:2055', 10)), r.rateOf(rec('[2001:db8::1]:9', 0)), r.rateOf(rec('192.0.2.2:1', 0))]).toEqual([512, 4, 1]);
  });

  it('splits exporter keys', () => {
    expect([exporterAddress('192.0.2.1:2055'), exporterAddress('[2001:db8::1]:9'), exporterAddress('pcap')]).toEqual(['192.0.2.1', '2001:db8::1', 'pcap']);
  });
});

describe('IngestSampler', () => {
  it('keeps everything at 1 in 1', () => {
    const s = new IngestSampler(1, () => 0.99);
    expect(Array.from({ length: 5 }, () => s.keep())).toEqual([true, true, true, true, true]);
  });

  it('keeps about 1 in N, so kept × N estimates the total', () => {
    const s = new IngestSampler(10, seededRandom(7));
    for (let i = 0; i < 200_000; i++) s.keep();
    expect(Math.abs(s.kept * 10 - 200_000) / 200_000).toBeLessThan(0.02);
  });

  it('refuses bad rates', () => {
    expect(() => new IngestSampler(0)).toThrow(RangeError);
    expect(() => new IngestSampler(2.5)).toThrow(RangeError);
  });
});
