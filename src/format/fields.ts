// The field printer: every listing emits its fields once, each with a JSON key, a typed value
// and its text form; a sink (plain text, coloured text or JSON) decides what it keeps. Like
// iproute2's print layer: a field with both a key and a text is PRINT_ANY, a key without
// text is JSON only (PRINT_JSON), a text without a key is text only (PRINT_FP).

/** JSON values as the printer carries them: bigints are 64-bit counters, written as digits. */
export type JsonValue = string | number | bigint | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/** What a piece of text is, for colour (plain text ignores it). */
export type FieldStyle =
  | 'inet' // an IPv4 address (or a name standing for one), or a service shown by one
  | 'inet6' // the same for IPv6
  | 'fwmark' // a firewall-mark service
  | 'scheduler'
  | 'forward' // forwarding method
  | 'quiesced' // weight 0: the real server takes no new connections
  | 'overloaded' // connections reached the upper threshold
  | 'state'; // a connection state

export interface FieldSink {
  /** True for the JSON sink: emitters may skip work whose only product is text (name cuts). */
  readonly json: boolean;
  /**
   * One field. `key` null: text only. `text` null: JSON only. A `value` of undefined is not
   * written to JSON (an absent optional setting).
   */
  field(key: string | null, value: JsonValue | undefined, text: string | null, style?: FieldStyle): void;
  /** Text only, shorthand for field(null, undefined, text, style). */
  text(text: string, style?: FieldStyle): void;
  /** Opens a JSON object or array: under `key` in an object, or as the next item of an array (key null). */
  begin(key: string | null, kind: 'object' | 'array'): void;
  end(): void;
  /** Ends a text line ('\n'); `kind` tells a line-oriented consumer what the line was. */
  newline(kind?: string): void;
}

/** Emits into a sink; the renderers call it. */
export type Emit = (sink: FieldSink) => void;
