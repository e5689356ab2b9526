// The assertion of the kernel suite: our transcript and final state equal the real ipvsadm's.
import { expect } from 'vitest';
import { compareWithReal, transcript } from './oracle.js';
import type { StepLike } from './transcript.js';

export async function expectSameAsReal(steps: StepLike[]): Promise<void> {
  const c = await compareWithReal(steps);
  expect(c.ours.length).toBe(steps.length);
  expect(transcript(steps, c.ours, c.oursState)).toBe(transcript(steps, c.real, c.realState));
}
