// ipvsadm's way of refusing a command line: fail() prints one message and exits. Parsing code
// throws ParseFailure; parseCommandLine turns it into an error outcome.

/** ipvsadm's fail(): the message, a newline, and the exit status. */
export class ParseFailure extends Error {
  constructor(readonly output: string, readonly exitCode: number) {
    super(output);
  }
}

export function fail(message: string): never {
  throw new ParseFailure(`${message}\n`, 2);
}

