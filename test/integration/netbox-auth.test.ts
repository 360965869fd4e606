/** The client authenticates with v2 `Bearer nbt_…` and v1 `Token …` tokens, given bare or with their scheme. */
import { netboxEnv, netboxHttp } from './helpers/netbox';

describe('NetBox token styles', () => {
  const { token, tokenV1 } = netboxEnv();
  const bare = (t: string) => t.replace(/^(Bearer|Token) /, '');

  it.each([
    ['v2 with scheme', token],
    ['v2 bare', bare(token)],
    ['v1 with scheme', tokenV1 ?? ''],
    ['v1 bare', bare(tokenV1 ?? '')],
  ])('%s reads /api/users/tokens/ as the admin', async (_label, t) => {
    expect(t).not.toBe('');
    const page = await netboxHttp(t).get<{ count: number }>('/api/users/tokens/');
    expect(page.count).toBeGreaterThanOrEqual(1);
  });

  it('fails with NETBOX_HTTP 403 on a wrong token, without retrying', async () => {
    await expect(netboxHttp('nbt_wrongkey00.wrongsecret0000000000').get('/api/ipam/prefixes/')).rejects.toMatchObject({ code: 'NETBOX_HTTP', context: { status: 403, attempts: 1 } });
  });
});
