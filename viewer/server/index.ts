/** The viewer's server: HTTP + WebSocket preference service (issue 6). */
export { startViewerServer, checkPortFree, PortError, type ViewerServer, type ServerEvents } from './viewer-server.ts';
export { ServeConfigSchema, LOOPBACK_HOSTS, isLoopback, type ServeConfig, type ServeConfigInput } from './config.ts';
export { resolveStatic } from './static-files.ts';
export * from './queries/index.ts';
export * from './live-model/index.ts';
export { writeLabel } from './label-writer.ts';
export { labelProblem, agrees } from './label-rules.ts';
export { FrameStreamer, type StreamOptions, type StreamStats } from './frame-streamer.ts';
