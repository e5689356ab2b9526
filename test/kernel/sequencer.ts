// Kernel test files in a fixed order: the quick test-bed checks first (an early first result),
// sync daemons while few namespaces have been deleted, then commands, listings, traffic, restore,
// processes.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ORDER = ['testbed', 'daemons', 'replication', 'commands', 'listings', 'json', 'traffic', 'restore', 'apply', 'processes', 'packaging', 'fuzz', 'faults', 'record-fixtures'];

function rank(spec: TestSpecification): number {
  const file = spec.moduleId.split('/').pop()!.replace(/\.test\.ts$/, '');
  const i = ORDER.indexOf(file);
  return i < 0 ? ORDER.length : i;
}

export class KernelSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}
