// Pure text formatters: model -> the exact bytes ipvsadm 1.31 prints. No I/O.
export {
  ADDRPORT_MAX,
  DEST_NAME_MAX,
  SERVICE_NAME_MAX,
  addrPortText,
  cutUnlessIPv6,
  hostText,
  numericText,
  portProtocol,
  portText,
} from './address.js';
export type { Naming } from './address.js';
export { compareDests, compareServices, glibcMergeSort, sortDests, sortServices } from '../libc/sort.js';
export type { Comparator } from '../libc/sort.js';
export { largeNumber, signed32, unsigned32 } from './numbers.js';
export { destCounters, serviceCounters } from './stats.js';
export {
  forwardName,
  forwardSwitch,
  maskText,
  protocolName,
  schedFlagsText,
  serviceSwitch,
  tunnelInfoText,
  tunnelSaveSuffix,
} from './words.js';
export {
  destLine,
  fullListing,
  fullListingParts,
  listDestName,
  listMode,
  listServiceName,
  oneServiceListing,
  oneServiceListingParts,
  orderDests,
  orderEntries,
  orderServices,
  serviceEntryLines,
  serviceEntryParts,
  serviceLine,
  textOf,
  titleLines,
  versionLine,
} from './list.js';
export type { ListLine, ListLineKind, ListMode, ServiceEntry, TableOptions } from './list.js';
export { destRuleLine, ruleServiceName, saveLines, serviceRuleLine, serviceRuleLines } from './save.js';
export {
  CONN_HEADING,
  CONN_PROC_FILE,
  EmptyConnectionsFileError,
  connRow,
  connTitleLine,
  connectionLines,
  expireText,
} from './connections.js';
export { FGETS_PIECE_MAX, fgetsPieces, scanConnLine } from '../libc/scanf.js';
export type { ScannedConn } from '../libc/scanf.js';
export { timeoutLine } from './timeouts.js';
export { daemonLine, daemonLines } from './daemon.js';
export { colorWanted, colorizeLine, colorizeListing } from './color.js';
// The field printer: emitters (one per line kind), renderers (text, coloured text, JSON) and
// whole --json documents.
export type { Emit, FieldSink, FieldStyle, JsonValue } from './fields.js';
export { TextSink, renderText, textLines } from './render-text.js';
export type { Painter, TextLine } from './render-text.js';
export { JsonSink, jsonDocument, jsonText, renderJson } from './render-json.js';
export { colourLevel, fieldPainter } from './colour.js';
export type { ColourMode } from './colour.js';
export { emitDestLine, emitServiceEntry, emitServiceLine, emitTitles, emitVersion } from './list-fields.js';
export { emitDestRule, emitServiceRule, emitServiceRules } from './save-fields.js';
export { emitConnHeading, emitConnRow } from './conn-fields.js';
export { emitDaemon, emitDaemons, emitTimeouts } from './misc-fields.js';
export { daemonsJSON, emitListing, emitRules, listingDocument, listingJSON, rulesJSON, timeoutsJSON } from './documents.js';
