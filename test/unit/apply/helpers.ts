// Runs ipvsadm-apply in-process against a FakeIpvs (and ipvsadm beside it, on the same fake).
import { runIpvsadmApply } from '../../../src/apply-main.js';
import { FakeResolver } from '../cli/helpers.js';
import { capturedIo, ipvsadm, type Run } from '../commands/harness.js';
import { FakeIpvs } from '../commands/fake-ipvs.js';

export async function apply(kernel: FakeIpvs, args: string[], stdin = ''): Promise<Run> {
  const { io, stdout, stderr } = capturedIo(stdin);
  const code = await runIpvsadmApply({ ...io, argv0: 'ipvsadm-apply' }, args, {
    openClient: kernel.open,
    resolver: new FakeResolver(),
    loadModule: () => false,
  });
  return { stdout: stdout(), stderr: stderr(), code };
}

/** A fake kernel holding what `ipvsadm -R` of `rules` makes. */
export async function kernelWith(rules: string): Promise<FakeIpvs> {
  const kernel = new FakeIpvs();
  const r = await ipvsadm(kernel, '-R', { stdin: rules });
  if (r.code !== 0 || r.stderr) throw new Error(`setting up: ${r.stderr}`);
  return kernel;
}

/** `ipvsadm -S -n` of a fake kernel, lines sorted (order carries no meaning here). */
export async function saved(kernel: FakeIpvs): Promise<string[]> {
  const r = await ipvsadm(kernel, '-S -n');
  return r.stdout.split('\n').filter(Boolean).sort();
}

export { FakeIpvs, ipvsadm };
