// A table built in memory from rule lines (-A, -E, -D, -a, -e, -d, -C), with the kernel's
// answers for lines that do not fit (a second -A of a service, an -a for a service that is not
// there, ...). What `ipvsadm -C` then `ipvsadm -R` of a rules file would leave in the kernel,
// without a kernel: the desired table of ipvsadm-apply.
import type { DestConfig, DestKey, ServiceConfig, ServiceKey, ServiceRules, SourcePosition } from '../model.js';
import { EEXIST, ENOENT, ESRCH } from '../libc/errno.js';
import { destIdentity, serviceIdentity } from './plan.js';

interface Entry {
  service: ServiceConfig;
  /** Real servers by identity; the kernel lists the newest first. */
  dests: Map<string, DestConfig>;
  origin?: SourcePosition;
}

/** Each method returns 0, or the errno the kernel would answer with. */
export class RuleTable {
  private readonly services = new Map<string, Entry>();

  addService(service: ServiceConfig, origin?: SourcePosition): number {
    const id = serviceIdentity(service);
    if (this.services.has(id)) return EEXIST;
    this.services.set(id, { service, dests: new Map(), origin });
    return 0;
  }

  editService(service: ServiceConfig): number {
    const entry = this.services.get(serviceIdentity(service));
    if (!entry) return ESRCH;
    entry.service = service;
    return 0;
  }

  delService(key: ServiceKey): number {
    return this.services.delete(serviceIdentity(key)) ? 0 : ESRCH;
  }

  addDest(key: ServiceKey, dest: DestConfig): number {
    const entry = this.services.get(serviceIdentity(key));
    if (!entry) return ESRCH;
    const id = destIdentity(dest);
    if (entry.dests.has(id)) return EEXIST;
    entry.dests.set(id, dest);
    return 0;
  }

  editDest(key: ServiceKey, dest: DestConfig): number {
    const entry = this.services.get(serviceIdentity(key));
    if (!entry) return ESRCH;
    const id = destIdentity(dest);
    if (!entry.dests.has(id)) return ENOENT;
    entry.dests.set(id, dest);
    return 0;
  }

  delDest(key: ServiceKey, dest: DestKey): number {
    const entry = this.services.get(serviceIdentity(key));
    if (!entry) return ESRCH;
    return entry.dests.delete(destIdentity(dest)) ? 0 : ENOENT;
  }

  flush(): number {
    this.services.clear();
    return 0;
  }

  /** The services in the order they were added, each with its real servers in order of addition. */
  rules(): ServiceRules[] {
    return [...this.services.values()].map(({ service, dests, origin }) => ({
      service, dests: [...dests.values()], ...(origin ? { origin } : {}),
    }));
  }
}
