/** Types for snappyjs (pure-JS Snappy block format), which ships none. */
declare module 'snappyjs' {
  /** Decompress a raw Snappy block; throws past `maxLength` uncompressed bytes or on corrupt input. */
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
  /** Compress into a raw Snappy block. */
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
}
