/** The committed NetBox types were generated from the same NetBox version the tests run against. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { netboxHttp } from './helpers/netbox';

describe('generated NetBox types', () => {
  it('are stamped with the running NetBox version', async () => {
    const header = readFileSync(join(__dirname, '..', '..', 'openapi', 'netbox.d.ts'), 'utf8').slice(0, 400);
    const stamped = /NetBoxSchemaVersion = '([^']+)'/.exec(header)?.[1];
    const status = await netboxHttp().get<{ 'netbox-version': string }>('/api/status/');
    expect(stamped?.split(' ')[0]).toBe(status['netbox-version']);
    expect(status['netbox-version']).toMatch(/^4\.7\./);
  });
});
