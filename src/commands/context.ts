// What every command gets: the kernel client, the streams, and the name resolver.
import type { IpvsClient } from '../netlink/client.js';
import type { NameResolver } from '../resolve/resolver.js';
import type { IpvsInfo } from '../model.js';

export interface OutputStream {
  write(chunk: string): unknown;
}

export interface Io {
  /** argv[0] as ipvsadm would see it (shows in `Try ...` and -h text). */
  argv0: string;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (only -R calls it). */
  stdin: () => Promise<Buffer>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** stdout is a terminal (colour may be used; never when piped). */
  isTTY: boolean;
}

export interface Context {
  client: IpvsClient;
  info: IpvsInfo;
  io: Io;
  resolver: NameResolver;
  /** Reads /proc/net/ip_vs_conn for -c (a replacement serves recorded copies in tests). */
  readConnections?: () => string;
}
