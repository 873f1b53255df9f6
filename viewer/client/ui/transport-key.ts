/** The playback keys shared by the labelling page and the episode viewer. */
import type { PlaybackClock } from '../clock.ts';
import type { Transport } from './transport.ts';

/**
 * Applies a transport key: k play / pause, `,` `.` frame back / forward, `[` `]` slower / faster,
 * l loop. Returns false for any other key, so the caller can handle it.
 */
export function transportKey(
  key: string,
  transport: Pick<Transport, 'toggle' | 'faster' | 'toggleLoop'>,
  clock: PlaybackClock,
): boolean {
  switch (key) {
    case 'k':
      transport.toggle();
      return true;
    case ',':
      clock.step(-1);
      return true;
    case '.':
      clock.step(1);
      return true;
    case '[':
      transport.faster(-1);
      return true;
    case ']':
      transport.faster(1);
      return true;
    case 'l':
      transport.toggleLoop();
      return true;
    default:
      return false;
  }
}
