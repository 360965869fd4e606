/** @module One UDP listener: a dgram socket bound to host:port that feeds every datagram to a FlowCollector. */
import { createSocket, type Socket } from 'node:dgram';
import type { FlowType } from '../decoders';
import type { FlowCollector, ListenerInfo } from './collector';

/** A listener as configured. */
export interface ListenerConfig {
  name: string;
  host: string;
  port: number;
  protocols: readonly FlowType[];
  /** SO_RCVBUF to ask for; 0 keeps the kernel default. */
  recvBufferBytes?: number;
}

/** A bound listener. */
export class UdpListener {
  readonly info: ListenerInfo;
  private constructor(private readonly socket: Socket, readonly config: ListenerConfig) {
    this.info = { name: config.name, protocols: new Set(config.protocols) };
  }

  /** Bind a socket for `config` (port 0 picks a free one) and start feeding `collector`; rejects when binding fails. */
  static start(config: ListenerConfig, collector: FlowCollector, onError: (err: Error) => void = () => undefined): Promise<UdpListener> {
    if (!config.name || config.protocols.length === 0) throw new RangeError('a listener needs a name and at least one protocol');
    const rcv = config.recvBufferBytes ?? 0;
    const socket = createSocket({ type: config.host.includes(':') ? 'udp6' : 'udp4', ...(rcv > 0 ? { recvBufferSize: rcv } : {}) });
    const listener = new UdpListener(socket, config);
    return new Promise((resolve, reject) => {
      const failBind = (err: Error): void => {
        socket.close();
        reject(err);
      };
      socket.once('error', failBind);
      socket.on('message', (msg, rinfo) => collector.handle(msg, rinfo.address, rinfo.port, listener.info));
      socket.bind(config.port, config.host, () => {
        socket.off('error', failBind);
        socket.on('error', onError);
        resolve(listener);
      });
    });
  }

  /** The bound address and port. */
  address(): { address: string; port: number } {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  /** The receive buffer size the kernel granted. */
  recvBufferSize(): number {
    return this.socket.getRecvBufferSize();
  }

  /** Stop receiving and close the socket. */
  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
