/**
 * The viewer wire protocol, shared by server and client: versioned JSON control messages (one zod
 * discriminated union) and binary frame messages (sim/recording's frame codec behind a header).
 */
export {
  PROTOCOL_VERSION,
  MAX_CONTROL_BYTES,
  MAX_CLIENT_BINARY_BYTES,
  MAX_MESSAGE_BYTES,
  CLOSE_TOO_BIG,
} from './version.ts';
export { FLOWS, FlowSchema, FLOW_CANDIDATES, type Flow } from './flows.ts';
export { SceneInfoSchema, GoalSchema, RectSchema, type SceneInfo, type Goal } from './scene-info.ts';
export type { EpisodeView } from './episode-view.ts';
export { MIN_SHOWN_PAIRS } from './figures.ts';
export {
  MessageSchema,
  CLIENT_TYPES,
  SERVER_TYPES,
  ERROR_CODES,
  PredictionSchema,
  ProgressSchema,
  AgreementSchema,
  PastLabelSchema,
  EndFiguresSchema,
  type Message,
  type MessageType,
  type MessageOf,
  type ClientMessage,
  type ServerMessage,
  type ErrorCode,
  type Prediction,
  type Progress,
  type Agreement,
  type PastLabel,
  type EndFigures,
} from './messages.ts';
export { parseMessage, type ParseResult, type ProtocolIssue, type Reader } from './parse-message.ts';
export { message, encodeMessage } from './make-message.ts';
export {
  encodeFrameMessage,
  decodeFrameMessage,
  withHeader,
  FRAME_MAGIC,
  FRAME_MESSAGE_HEADER_BYTES,
  START_STATE,
  type FrameHeader,
} from './frame-message.ts';
