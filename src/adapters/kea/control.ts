/** @module Kea control channel: one command per connection over the unix socket, or through the Control Agent's HTTP API. */
import { connect } from 'node:net';
import axios from 'axios';
import { IpshadowError } from '../../core/errors';

/** Kea's control-channel result codes. */
export const KEA_RESULT = { success: 0, error: 1, unsupported: 2, empty: 3, conflict: 4 } as const;

/** One command's answer. */
export interface KeaAnswer<A = unknown> {
  result: number;
  text?: string;
  arguments?: A;
}

/** Sends commands to kea-dhcp4. */
export interface KeaControl {
  /** Sends a command; returns the answer whatever its result code. */
  send<A = unknown>(command: string, args?: Record<string, unknown>): Promise<KeaAnswer<A>>;
}

/** Options shared by both transports. */
export interface KeaControlOptions {
  timeoutMs?: number;
}

/** Talks to the daemon's own unix control socket: write one JSON command, read until Kea closes. */
export function unixControl(path: string, opts: KeaControlOptions = {}): KeaControl {
  return {
    send<A>(command: string, args?: Record<string, unknown>): Promise<KeaAnswer<A>> {
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        const sock = connect(path);
        sock.setTimeout(opts.timeoutMs ?? 10000, () => sock.destroy(new Error(`timed out after ${opts.timeoutMs ?? 10000} ms`)));
        sock.on('connect', () => sock.write(JSON.stringify({ command, ...(args && { arguments: args }) })));
        sock.on('data', (c: Buffer) => {
          chunks.push(c);
          // Kea 2.2 closes after the answer; 2.6 may keep the socket open, so stop at the first complete JSON value.
          // Only a chunk that ends in `}` can end the answer: a large one (lease4-get-all) is not re-parsed per chunk.
          if (!/\}\s*$/.test(c.subarray(-16).toString('latin1'))) return;
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const answer = JSON.parse(text) as KeaAnswer<A>;
            sock.end();
            resolve(answer);
          } catch {
            /* not complete yet */
          }
        });
        sock.on('error', (err) => reject(new IpshadowError('KEA_UNREACHABLE', `Kea control socket ${path}: ${err.message}`, { path, command }, err)));
        sock.on('close', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as KeaAnswer<A>);
          } catch {
            reject(new IpshadowError('KEA_UNREACHABLE', `Kea control socket ${path} closed without an answer to ${command}`, { path, command }));
          }
        });
      });
    },
  };
}

/** Talks to kea-ctrl-agent over HTTP, addressing the dhcp4 service. */
export function httpControl(url: string, opts: KeaControlOptions & { auth?: { username: string; password: string } } = {}): KeaControl {
  const client = axios.create({ baseURL: url, timeout: opts.timeoutMs ?? 10000, auth: opts.auth, validateStatus: () => true });
  return {
    async send<A>(command: string, args?: Record<string, unknown>): Promise<KeaAnswer<A>> {
      let res;
      try {
        res = await client.post('/', { command, service: ['dhcp4'], ...(args && { arguments: args }) });
      } catch (err) {
        throw new IpshadowError('KEA_UNREACHABLE', `Kea Control Agent ${url}: ${(err as Error).message}`, { url, command }, err);
      }
      if (res.status !== 200) throw new IpshadowError('KEA_COMMAND', `Kea Control Agent ${url} answered HTTP ${res.status} to ${command}`, { url, command, status: res.status });
      // The agent answers with one entry per service.
      const answer = (Array.isArray(res.data) ? res.data[0] : res.data) as KeaAnswer<A> | undefined;
      if (!answer || typeof answer.result !== 'number') throw new IpshadowError('KEA_COMMAND', `Kea Control Agent ${url}: malformed answer to ${command}`, { url, command });
      return answer;
    },
  };
}

/** Sends a command and returns its arguments; `empty` is allowed when `allowEmpty`, other non-zero results throw. */
export async function run<A>(control: KeaControl, command: string, args?: Record<string, unknown>, allowEmpty = false): Promise<A | undefined> {
  const answer = await control.send<A>(command, args);
  if (answer.result === KEA_RESULT.success) return answer.arguments;
  if (answer.result === KEA_RESULT.empty && allowEmpty) return undefined;
  const code = answer.result === KEA_RESULT.conflict ? 'CONFLICT' : 'KEA_COMMAND';
  throw new IpshadowError(code, `Kea ${command} failed (result ${answer.result}): ${answer.text ?? ''}`, { command, result: answer.result });
}
