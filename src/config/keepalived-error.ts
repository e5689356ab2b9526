// The one way the keepalived reader gives up: where, and why. readKeepalived turns it into
// an InputProblem; nothing outside src/config/ sees it thrown.
import type { InputProblem, SourcePosition } from '../model.js';

export class ConfigError extends Error {
  constructor(readonly position: SourcePosition, message: string) {
    super(message);
  }

  get problem(): InputProblem {
    return { position: this.position, message: this.message };
  }
}
