/**
 * Episode recording: a compact, versioned binary file (magic "PSEP") of frames (particles and body
 * poses, float32 or int16 with per-frame bounds) plus a JSON section of actions and per-step
 * metrics; and the per-frame codec, which is also the WebSocket binary frame message.
 */
export { type Episode, type EpisodeStep, EpisodeJsonSchema, type EpisodeJson } from './episode.ts';
export { encodeEpisode, decodeEpisode, EPISODE_MAGIC, EPISODE_VERSION, type EncodeOptions } from './episode-codec.ts';
export { writeEpisodeFile, readEpisodeFile } from './episode-file.ts';
export {
  encodeFrame,
  decodeFrame,
  frameByteLength,
  checkFrame,
  FRAME_HEADER_BYTES,
  type FrameEncoding,
} from './frame-codec.ts';
export { EpisodeFormatError } from './format-error.ts';
export { quantise, dequantise, halfStep } from './quantise.ts';
