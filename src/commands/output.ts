// Where a listing's fields go: ipvsadm's text, written as it is produced (coloured when
// --color and the terminal say so), or one JSON document written only once the whole
// listing succeeded, so a failing command leaves nothing half-written on stdout.
import type { Command } from '../cli/command.js';
import { colourLevel } from '../format/colour-level.js';
import type { FieldSink } from '../format/fields.js';
import { JsonTextSink } from '../format/render-json.js';
import { TextSink } from '../format/render-text.js';
import type { Context } from './context.js';

export interface Output {
  sink: FieldSink;
  /** Writes the text lines finished so far (nothing for JSON). */
  flush(): void;
  /** Writes what is left: the rest of the text, or the JSON document and its newline. */
  finish(): void;
}

/** `plain`: never coloured (-S, whose lines are meant for -R). */
export async function openOutput(cmd: Command, ctx: Context, { plain = false } = {}): Promise<Output> {
  const opts = cmd.output;
  if (opts?.json) {
    const sink = new JsonTextSink(opts.pretty);
    return {
      sink,
      flush() {},
      finish() {
        const out = ctx.io.stdout;
        if (out.writeBytes) for (const block of sink.finishBlocks('\n')) out.writeBytes(block);
        else out.write(`${sink.finish()}\n`);
      },
    };
  }
  const level = plain ? 0 : colourLevel(opts?.color ?? 'auto', ctx.io.isTTY, ctx.io.env);
  // chalk only when there is colour to paint (its start-up loads node:tty, then net).
  const painter = level > 0 ? (await import('../format/colour.js')).fieldPainter(level) : undefined;
  const sink = new TextSink(painter);
  const flush = (): void => {
    for (const line of sink.take()) ctx.io.stdout.write(line.text);
  };
  return { sink, flush, finish: flush };
}
