/** @module The NetBox HTTP client: auth, retries with backoff, keyset paging and clear errors. */
import axios, { AxiosError, type AxiosInstance, type Method } from 'axios';
import { IpshadowError } from '../../core/errors';
import type { Log } from '../../log/logger';
import { authorizationHeader } from './auth';
import { backoffMs, isRetryable, type RetryPolicy } from './retry';

/** Options for NetBoxHttp. */
export interface NetBoxHttpOptions {
  url: string;
  token: string;
  timeoutMs: number;
  pageSize: number;
  retry: RetryPolicy;
  log: Log;
  /** Called once per HTTP attempt, for metrics. */
  onRequest?: (method: string, status: number | 'error', ms: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** A NetBox list page. */
export interface Page<T> {
  count: number;
  next: string | null;
  results: T[];
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Thin typed wrapper over axios for NetBox's REST API. */
export class NetBoxHttp {
  private readonly axios: AxiosInstance;

  constructor(private readonly opts: NetBoxHttpOptions) {
    this.axios = axios.create({
      baseURL: opts.url.replace(/\/+$/, ''),
      timeout: opts.timeoutMs,
      headers: { Authorization: authorizationHeader(opts.token), Accept: 'application/json', 'Content-Type': 'application/json' },
    });
  }

  /** Sends one request, retrying what is safe to retry; throws NETBOX_UNREACHABLE or NETBOX_HTTP. */
  async request<T>(method: Method, path: string, body?: unknown, params?: Record<string, unknown>): Promise<T> {
    const sleep = this.opts.sleep ?? defaultSleep;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const res = await this.axios.request<T>({ method, url: path, data: body, params });
        this.opts.onRequest?.(method, res.status, Date.now() - started);
        return res.data;
      } catch (err) {
        const status = err instanceof AxiosError ? err.response?.status : undefined;
        this.opts.onRequest?.(method, status ?? 'error', Date.now() - started);
        if (attempt <= this.opts.retry.max && isRetryable(err, method)) {
          const header = err instanceof AxiosError ? (err.response?.headers['retry-after'] as string | undefined) : undefined;
          const delay = backoffMs(attempt, this.opts.retry, header);
          this.opts.log.warn('netbox.request.retry', { method, path, status, code: (err as AxiosError).code, attempt, delayMs: delay });
          await sleep(delay);
          continue;
        }
        throw this.wrap(err, method, path, attempt);
      }
    }
  }

  /** GET helper. */
  get<T>(path: string, params?: Record<string, unknown>): Promise<T> {
    return this.request<T>('GET', path, undefined, params);
  }

  /** Walks a list endpoint in id order with `id__gt` keyset paging, so pages stay stable under concurrent writes. */
  async *pages<T extends { id: number }>(path: string, params: Record<string, unknown> = {}, afterId = 0): AsyncGenerator<{ results: T[]; count: number; lastId: number }> {
    let cursor = afterId;
    for (;;) {
      const page = await this.get<Page<T>>(path, { ...params, ordering: 'id', limit: this.opts.pageSize, id__gt: cursor });
      if (page.results.length === 0) return;
      cursor = page.results[page.results.length - 1]!.id;
      yield { results: page.results, count: page.count, lastId: cursor };
      if (page.results.length < this.opts.pageSize || page.next === null) return;
    }
  }

  /** All objects of a list endpoint. */
  async all<T extends { id: number }>(path: string, params: Record<string, unknown> = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(path, params)) out.push(...page.results);
    return out;
  }

  /**
   * All objects of a list endpoint, read `lanes` requests at a time: the first page gives the count, the id span above
   * it is cut into one slice per remaining page, and each slice is keyset-paged like `pages`, so a write during the
   * read shifts nothing. Returned in id order.
   */
  async allInSlices<T extends { id: number }>(path: string, params: Record<string, unknown> = {}, lanes = 4): Promise<T[]> {
    const size = this.opts.pageSize;
    const first = await this.get<Page<T>>(path, { ...params, ordering: 'id', limit: size, id__gt: 0 });
    if (first.results.length < size || first.next === null) return first.results;
    const lo = first.results[first.results.length - 1]!.id;
    const hi = (await this.get<Page<T>>(path, { ...params, ordering: '-id', limit: 1 })).results[0]?.id ?? lo;
    const n = Math.max(1, Math.ceil((first.count - first.results.length) / size));
    const bounds = Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : lo + Math.floor(((hi - lo) * i) / n)));
    const slices: T[][] = new Array(n);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < n; i = next++) {
        const got: T[] = [];
        for await (const page of this.pages<T>(path, { ...params, id__lte: bounds[i + 1] }, bounds[i])) got.push(...page.results);
        slices[i] = got;
      }
    };
    await Promise.all(Array.from({ length: Math.min(lanes, n) }, lane));
    return [first.results, ...slices].flat();
  }

  private wrap(err: unknown, method: string, path: string, attempts: number): IpshadowError {
    const ctx = { method, path, attempts };
    if (err instanceof AxiosError && err.response) {
      const detail = typeof err.response.data === 'string' ? err.response.data.slice(0, 300) : JSON.stringify(err.response.data).slice(0, 600);
      this.opts.log.error('netbox.request.failed', { ...ctx, status: err.response.status, detail });
      const code = err.response.status === 409 ? 'NETBOX_NO_ROOM' : 'NETBOX_HTTP';
      return new IpshadowError(code, `NetBox ${method} ${path} answered ${err.response.status}: ${detail}`, { ...ctx, status: err.response.status, body: err.response.data }, err);
    }
    const code = err instanceof AxiosError ? err.code : undefined;
    this.opts.log.error('netbox.request.failed', { ...ctx, code });
    return new IpshadowError('NETBOX_UNREACHABLE', `NetBox unreachable at ${this.opts.url} (${method} ${path}: ${code ?? (err as Error).message}) after ${attempts} attempt(s)`, { ...ctx, code }, err);
  }
}
