import { compilePlan } from './field-plan';
import { MemoryTemplateStore } from './memory-template-store';
import type { CompiledTemplate } from './template-store';

const tpl = (id: number): CompiledTemplate => {
  const fields = [{ id: 8, length: 4, enterprise: 0 }];
  return { id, options: false, scopeFieldCount: 0, fields, plan: compilePlan(fields) };
};

describe('MemoryTemplateStore', () => {
  it('keys templates by exporter, domain and id', () => {
    const s = new MemoryTemplateStore();
    s.setTemplate('a', 1, tpl(256), 0);
    expect(s.getTemplate('a', 1, 256, 0)?.id).toBe(256);
    expect(s.getTemplate('a', 2, 256, 0)).toBeUndefined();
    expect(s.getTemplate('b', 1, 256, 0)).toBeUndefined();
    expect(s.size()).toBe(1);
  });

  it('expires entries after the TTL unless they are announced again', () => {
    const s = new MemoryTemplateStore({ ttlMs: 1000 });
    s.setTemplate('a', 1, tpl(256), 0);
    s.setTemplate('a', 1, tpl(257), 0);
    s.setTemplate('a', 1, tpl(257), 900);
    expect(s.getTemplate('a', 1, 256, 1000)).toBeUndefined();
    expect(s.getTemplate('a', 1, 257, 1000)).toBeDefined();
    expect(s.sweep(1900)).toBe(1);
    expect(s.size()).toBe(0);
    expect(s.exporterCount()).toBe(0);
    expect(s.stats.expirations).toBe(2);
  });

  it('caps entries per exporter, evicting that exporter’s least recently used', () => {
    const s = new MemoryTemplateStore({ maxPerExporter: 3 });
    s.setTemplate('quiet', 0, tpl(256), 0);
    for (let id = 256; id < 259; id++) s.setTemplate('flood', 0, tpl(id), 0);
    s.getTemplate('flood', 0, 256, 5000); // used recently: 257 is now the least recently used
    s.setTemplate('flood', 0, tpl(300), 5000);
    expect(s.getTemplate('flood', 0, 256, 5000)).toBeDefined();
    expect(s.getTemplate('flood', 0, 257, 5000)).toBeUndefined();
    for (let id = 301; id < 400; id++) s.setTemplate('flood', 0, tpl(id), 5000);
    expect(s.getTemplate('quiet', 0, 256, 5000)).toBeDefined();
    expect(s.getTemplate('flood', 0, 399, 5000)).toBeDefined();
    expect(s.size()).toBe(4);
    expect(s.stats.evictions).toBe(100);
  });

  it('caps entries globally across exporters and domains', () => {
    const s = new MemoryTemplateStore({ maxEntries: 10, maxPerExporter: 10 });
    for (let e = 0; e < 50; e++) for (let d = 0; d < 3; d++) s.setTemplate(`e${e}`, d, tpl(256), 0);
    expect(s.size()).toBe(10);
    expect(s.exporterCount()).toBeLessThanOrEqual(4);
    expect(s.getTemplate('e49', 2, 256, 0)).toBeDefined();
    expect(s.getTemplate('e0', 0, 256, 0)).toBeUndefined();
  });

  it('withdraws single templates and all data or options templates of a domain', () => {
    const s = new MemoryTemplateStore();
    s.setTemplate('a', 1, tpl(256), 0);
    s.setTemplate('a', 1, { ...tpl(257), options: true }, 0);
    s.setTemplate('a', 1, tpl(258), 0);
    expect(s.withdrawTemplate('a', 1, 256)).toBe(true);
    expect(s.withdrawTemplate('a', 1, 256)).toBe(false);
    expect(s.withdrawAllTemplates('a', 1, true)).toBe(1);
    expect(s.getTemplate('a', 1, 258, 0)).toBeDefined();
    expect(s.stats.withdrawals).toBe(2);
  });

  it('keeps sampling rates and init times alongside templates, under the same caps', () => {
    const s = new MemoryTemplateStore({ maxPerExporter: 2 });
    s.setSamplingRate('a', 1, 5, 100, 0);
    s.setSystemInitMs('a', 1, 123, 0);
    expect(s.getSamplingRate('a', 1, 5, 0)).toBe(100);
    expect(s.getSystemInitMs('a', 1, 0)).toBe(123);
    s.setTemplate('a', 1, tpl(256), 0);
    expect(s.getSamplingRate('a', 1, 5, 0)).toBeUndefined();
    expect(s.size()).toBe(2);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => new MemoryTemplateStore({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => new MemoryTemplateStore({ ttlMs: Number.NaN })).toThrow(/ttlMs/);
  });
});
