import type { ProgressListener } from '../solver/outcome.ts';

/** A one-line progress bar on a terminal stream, redrawn in place. */
export function createProgressBar(stream: { write(text: string): unknown }): {
  update: ProgressListener;
  done: () => void;
} {
  let drawn = false;
  return {
    update: ({ phase, fraction }) => {
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${phase.padEnd(40).slice(0, 40)}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
