// Text renderer of the field printer: the texts in order, JSON-only fields dropped. Plain by
// default (ipvsadm's exact bytes); with a painter each styled piece is coloured, its leading
// and trailing blanks (column padding) left outside the escape codes, and never a '\n'.
import type { Emit, FieldSink, FieldStyle, JsonValue } from './fields.js';

/** Colours one non-blank piece of text for a style. */
export type Painter = (style: FieldStyle, text: string) => string;

/** A finished line: its bytes ('\n' included) and what the emitter said it was. */
export interface TextLine {
  kind: string;
  text: string;
}

export class TextSink implements FieldSink {
  readonly json = false;
  private current = '';
  private lines: TextLine[] = [];

  constructor(private readonly painter?: Painter) {}

  field(key: string | null, _value: JsonValue | undefined, text: string | null, style?: FieldStyle): void {
    if (text !== null) this.text(text, style);
  }

  text(text: string, style?: FieldStyle): void {
    if (!this.painter || !style) {
      this.current += text;
      return;
    }
    const m = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
    this.current += m[2] ? `${m[1]}${this.painter(style, m[2])}${m[3]}` : text;
  }

  begin(): void {}

  end(): void {}

  newline(kind = 'line'): void {
    this.lines.push({ kind, text: `${this.current}\n` });
    this.current = '';
  }

  /** The lines finished so far (they are handed out once), plus any unfinished text. */
  take(): TextLine[] {
    const out = this.lines;
    this.lines = [];
    if (this.current !== '') {
      out.push({ kind: 'partial', text: this.current });
      this.current = '';
    }
    return out;
  }
}

/** The lines one emitter prints. */
export function textLines(emit: Emit, painter?: Painter): TextLine[] {
  const sink = new TextSink(painter);
  emit(sink);
  return sink.take();
}

/** The text one emitter prints, as one string. */
export function renderText(emit: Emit, painter?: Painter): string {
  return textLines(emit, painter)
    .map((l) => l.text)
    .join('');
}
