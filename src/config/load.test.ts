import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IpshadowError } from '../core/errors';
import { applyEnvOverrides, loadConfig, parseConfig } from './load';

const minimal = { netbox: { url: 'http://127.0.0.1:8000', token: 'nbt_abc.defghijk' } };

function writeYaml(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipshadow-cfg-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): IpshadowError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IpshadowError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('config', () => {
  it('fills defaults and freezes the result', () => {
    const cfg = parseConfig(minimal);
    expect(cfg.store.url).toBe('sqlite:./var/ipshadow.db');
    expect(cfg.netbox.retry).toEqual({ max: 5, baseMs: 250, maxMs: 8000 });
    expect(cfg.resources.groupBy).toEqual(['tag', 'role', 'cluster', 'tenant']);
    expect(Object.isFrozen(cfg.netbox.retry)).toBe(true);
  });

  it('names the path of a bad nested key', () => {
    const err = errorOf(() => parseConfig({ netbox: { ...minimal.netbox, retry: { max: 'lots' } } }, 'x.yaml'));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/^invalid config x\.yaml:\nnetbox\.retry\.max: /);
    expect(err.context.paths).toEqual(['netbox.retry.max']);
  });

  it('rejects unknown keys with their full path', () => {
    const err = errorOf(() => parseConfig({ ...minimal, api: { prot: 1 } }));
    expect(err.message).toBe('invalid config (inline):\napi.prot: unknown key');
    expect(err.context.paths).toEqual(['api.prot']);
  });

  it('applies environment overrides with type coercion', () => {
    const doc = applyEnvOverrides(structuredClone(minimal), {
      IPSHADOW_NETBOX__RETRY__MAX: '2',
      IPSHADOW_API__PORT: '9000',
      IPSHADOW_NETBOX__TOKEN: 'Token 0123456789abcdef0123456789abcdef01234567',
      OTHER: 'x',
    });
    const cfg = parseConfig(doc);
    expect(cfg.netbox.retry.max).toBe(2);
    expect(cfg.api.port).toBe(9000);
    expect(cfg.netbox.token).toBe('Token 0123456789abcdef0123456789abcdef01234567');
  });

  it('loads a YAML file and lets env override it', () => {
    const file = writeYaml('netbox:\n  url: http://nb:8000\n  token: nbt_aaaa.bbbbbbbb\nlog:\n  level: debug\n');
    const cfg = loadConfig(file, { IPSHADOW_LOG__LEVEL: 'warn' });
    expect(cfg.netbox.url).toBe('http://nb:8000');
    expect(cfg.log.level).toBe('warn');
  });

  it('reports a missing file and invalid YAML clearly', () => {
    expect(errorOf(() => loadConfig('/nonexistent/ipshadow.yaml', {})).message).toBe(
      'config file not found: /nonexistent/ipshadow.yaml',
    );
    const bad = writeYaml('netbox: [unclosed');
    expect(errorOf(() => loadConfig(bad, {})).message).toMatch(/is not valid YAML/);
  });
});

describe('forecast config', () => {
  it('defaults to a 60 s cycle on 60 s steps with 5 and 15 minute horizons, and a 15 s lead cycle', () => {
    expect(parseConfig(minimal).forecast).toEqual({ enabled: true, intervalSeconds: 60, stepSeconds: 60, horizonsMinutes: [5, 15], historySteps: 240, lead: { enabled: true, intervalSeconds: 15 } });
  });

  it('rejects a horizon that is not a whole number of steps, naming it', () => {
    const err = errorOf(() => parseConfig({ ...minimal, forecast: { stepSeconds: 120, horizonsMinutes: [4, 5] } }));
    expect(err.context.paths).toEqual(['forecast.horizonsMinutes.1']);
    expect(err.message).toContain('forecast.horizonsMinutes.1: 5 min is not a whole number of 120 s steps');
  });

  it('rejects unknown keys in the section', () => {
    expect(errorOf(() => parseConfig({ ...minimal, forecast: { horizons: [5] } })).context.paths).toEqual(['forecast.horizons']);
  });
});
