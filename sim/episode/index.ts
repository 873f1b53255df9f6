export { ACTORS, expertActor, randomActor, type Actor, type ActorName } from './actors.ts';
export { runEpisode, type EpisodeResult, type EpisodeStep, type EpisodeOptions } from './run-episode.ts';
export { expertRewardsAfter } from './expert-horizon.ts';
