// What every command gets: the kernel operations, the streams, the name resolver and a reader
// of /proc files — all interfaces, so commands run against a fake kernel in unit tests.
import type { Command, ParseOutcome } from '../cli/command.js';
import type { DaemonRef, QueryOptions } from '../netlink/client.js';
import type {
  DestConfig, DestKey, Destination, IpvsInfo, Service, ServiceConfig, ServiceKey, SyncDaemon, Timeouts,
} from '../model.js';
import type { RequestSpec } from '../netlink/messages.js';
import type { NameResolver } from '../resolve/resolver.js';
import type { StartRestoreThread } from './restore-thread.js';

export interface OutputStream {
  write(chunk: string): unknown;
  /** UTF-8 bytes, where the stream takes them as they are (the CLI's stdout): a big JSON document then skips a round trip through a string. */
  writeBytes?(bytes: Uint8Array): unknown;
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

/** The IPVS operations commands use (IpvsClient has them); failures reject with an IpvsError. */
export interface IpvsOperations {
  getServices(opts?: QueryOptions): Promise<Service[]>;
  getService(key: ServiceKey, opts?: QueryOptions): Promise<Service>;
  getDests(key: ServiceKey, opts?: QueryOptions): Promise<Destination[]>;
  getTimeouts(): Promise<Timeouts>;
  getDaemons(): Promise<SyncDaemon[]>;
  addService(cfg: ServiceConfig): Promise<void>;
  editService(cfg: ServiceConfig): Promise<void>;
  delService(svc: ServiceKey): Promise<void>;
  addDest(svc: ServiceKey, dest: DestConfig): Promise<void>;
  editDest(svc: ServiceKey, dest: DestConfig): Promise<void>;
  delDest(svc: ServiceKey, dest: DestKey | DestConfig): Promise<void>;
  zero(svc?: ServiceKey): Promise<void>;
  flush(): Promise<void>;
  setTimeouts(t: Timeouts): Promise<void>;
  startDaemon(d: SyncDaemon): Promise<void>;
  stopDaemon(d: DaemonRef): Promise<void>;
  /** Sends a change encoded beforehand (messages.requestFor), as the method of its operation would. */
  sendEncoded?(spec: RequestSpec): Promise<void>;
}

/** An open connection to IPVS: the operations, the start-up GET_INFO, and closing it. */
export interface IpvsSession extends IpvsOperations {
  getInfo(): Promise<IpvsInfo>;
  close(): void;
}

/** Reads a whole /proc file as latin1 text; throws when it cannot be opened. */
export type ProcReader = (path: string) => string;

export interface Context {
  client: IpvsOperations;
  /** Opens another connection to the same IPVS (a big listing spreads its dumps); absent = only `client`. */
  openClient?: () => Promise<IpvsSession>;
  info: IpvsInfo;
  io: Io;
  resolver: NameResolver;
  readProcFile: ProcReader;
  /** Starts -R's parsing thread, where one is worth it; absent = -R parses every line itself. */
  restoreThread?: StartRestoreThread;
}

/**
 * What running one command line came to: its exit status, and whether ipvsadm would have
 * exit()ed at that point (a -R restore stops) rather than returned (the restore goes on).
 */
export interface Status {
  code: number;
  exited: boolean;
}

export type Run = (cmd: Command, ctx: Context) => Promise<Status>;

/** Runs one parsed command line; the dispatcher's signature, handed to -R. */
export type RunOutcome = (outcome: ParseOutcome, ctx: Context) => Promise<Status>;

/** A status ipvsadm returns with. */
export const returned = (code: number): Status => ({ code, exited: false });
/** A status ipvsadm exit()s with. */
export const exited = (code: number): Status => ({ code, exited: true });
