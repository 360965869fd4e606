/**
 * @module A lean keep-alive HTTP/1.1 JSON client for timing requests: one socket, no interceptors or adapters, so the
 * client's own overhead (axios builds config objects, headers and promises per call) stays out of the latency.
 */
import { Agent, request } from 'node:http';

/** A client bound to one base URL and bearer token. */
export function leanClient(baseUrl: string, token: string) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, path: string, body?: unknown) => new Promise<{ status: number; data: unknown }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({
      host: url.hostname, port: url.port, path, method, agent,
      headers: { authorization: `Bearer ${token}`, ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        // Not JSON by its own account (e.g. /metrics): the text as it came.
        if (!String(res.headers['content-type'] ?? 'application/json').includes('json')) return resolve({ status: res.statusCode ?? 0, data: text });
        try {
          resolve({ status: res.statusCode ?? 0, data: text ? JSON.parse(text) : null });
        } catch (err) {
          reject(new Error(`${method} ${path}: ${res.statusCode}: not JSON: ${text.slice(0, 200)} (${(err as Error).message})`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    close: () => agent.destroy(),
  };
}
