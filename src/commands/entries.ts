// The services of a listing together with their real servers, fetched the way ipvsadm does
// (one dump of services, then one dump of real servers per service) but with the per-service
// dumps pipelined on the one socket, and yielded in order so output starts at once.
import type { Context, IpvsOperations, IpvsSession } from './context.js';
import type { Destination, Service } from '../model.js';
import { orderDests } from '../format/list.js';
import type { ServiceEntry } from '../format/list.js';

/** Real-server dumps in flight at once: enough to hide the round trip, bounded for memory. */
const AHEAD = 64;

/**
 * `clients`: one or more connections to the same IPVS. A socket runs one dump at a time, and
 * each dump waits for the event loop to see its answer; with several sockets their dumps are
 * in flight together (service i on socket i mod n). The order of the entries is the same.
 */
export async function* serviceEntries(
  clients: IpvsOperations | readonly IpvsOperations[],
  services: readonly Service[],
  opts: { nosort: boolean; counters: boolean },
): AsyncGenerator<ServiceEntry> {
  const sockets = Array.isArray(clients) ? clients : [clients as IpvsOperations];
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
}

/** Sockets besides the first for a big table's real-server dumps; none when one cannot be opened. */
const EXTRA_SOCKETS = 3;
const SERVICES_PER_EXTRA_SOCKET = 256;

export async function extraClients(ctx: Pick<Context, 'openClient'>, services: number): Promise<IpvsSession[]> {
  const n = Math.min(EXTRA_SOCKETS, Math.floor(services / SERVICES_PER_EXTRA_SOCKET));
  if (!ctx.openClient || n === 0) return [];
  const opened = await Promise.allSettled(Array.from({ length: n }, () => ctx.openClient!()));
  return opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}
