// Minimal typings for archiver 5 (it ships none, and @types/archiver is not installed): the zip
// writer of `cepin evidence package`.
declare module 'archiver' {
  import type { Readable, Transform } from 'node:stream';
  export interface ZipOptions {
    zlib?: { level?: number };
  }
  export interface EntryData {
    name: string;
    date?: Date;
    /** Stored without compression (for formats already compressed). */
    store?: boolean;
  }
  export interface Archiver extends Transform {
    append(source: Readable | Buffer, data: EntryData): this;
    finalize(): Promise<void>;
    abort(): this;
    pointer(): number;
    on(event: 'entry', listener: (data: EntryData) => void): this;
    on(event: 'error' | 'warning', listener: (err: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    off(event: string, listener: (...args: never[]) => void): this;
  }
  export default function archiver(format: 'zip', options?: ZipOptions): Archiver;
}
