// The services of a listing together with their real servers, fetched the way ipvsadm does
// (one dump of services, then one dump of real servers per service) but with the per-service
// dumps pipelined on the one socket, and yielded in order so output starts at once.
import type { IpvsOperations } from './context.js';
import type { Destination, Service } from '../model.js';
import { orderDests } from '../format/list.js';
import type { ServiceEntry } from '../format/list.js';

/** Real-server dumps in flight at once: enough to hide the round trip, bounded for memory. */
const AHEAD = 64;

export async function* serviceEntries(
  client: IpvsOperations,
  services: readonly Service[],
  opts: { nosort: boolean; counters: boolean },
): AsyncGenerator<ServiceEntry> {
  const pending: Promise<Destination[]>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < services.length && pending.length < AHEAD) {
      const p = client.getDests(services[next++]!, { counters: opts.counters });
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
