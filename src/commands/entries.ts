// The services of a listing together with their real servers, fetched the way ipvsadm does
// (one dump of services, then one dump of real servers per service) but with the per-service
// dumps pipelined on the one socket, and yielded in order so output starts at once.
import type { IpvsOperations, IpvsSession } from './context.js';
import type { Destination, Service } from '../model.js';
import { orderDests } from '../format/list.js';
import type { ServiceEntry } from '../format/list.js';

/** Real-server dumps in flight at once: enough to hide the round trip, bounded for memory. */
const AHEAD = 64;

/** Sockets besides the command's own for a big table's real-server dumps. */
const EXTRA_SOCKETS = 3;
const SERVICES_PER_EXTRA_SOCKET = 256;

/** The connection a command has, and how to open more to the same IPVS (none: one socket). */
export interface DumpSession {
  client: IpvsOperations;
  openClient?: () => Promise<IpvsSession>;
}

/**
 * A socket runs one dump at a time, and each dump waits for the event loop to see its answer:
 * for a big table up to three more sockets are opened (one per 256 services; none when one
 * cannot be opened), service i's dump goes to socket i mod n, and they are closed when the
 * entries end, however they end. The order of the entries is the same.
 */
export async function* serviceEntries(
  session: DumpSession,
  services: readonly Service[],
  opts: { nosort: boolean; counters: boolean },
): AsyncGenerator<ServiceEntry> {
  const extra = await extraClients(session, services.length);
  try {
    const sockets: IpvsOperations[] = [session.client, ...extra];
    const pending: Promise<Destination[]>[] = [];
    let next = 0;
    const fill = (): void => {
      while (next < services.length && pending.length < AHEAD) {
        const i = next++;
        const p = sockets[i % sockets.length]!.getDests(services[i]!, { counters: opts.counters });
        p.catch(() => undefined); // awaited in order below; avoid an unhandled rejection meanwhile
        pending.push(p);
      }
    };
    for (const service of services) {
      fill();
      const dests = await pending.shift()!;
      yield { service, dests: orderDests(dests, opts) };
    }
  } finally {
    for (const c of extra) c.close();
  }
}

async function extraClients(session: DumpSession, services: number): Promise<IpvsSession[]> {
  const n = Math.min(EXTRA_SOCKETS, Math.floor(services / SERVICES_PER_EXTRA_SOCKET));
  if (!session.openClient || n === 0) return [];
  const opened = await Promise.allSettled(Array.from({ length: n }, () => session.openClient!()));
  return opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}
