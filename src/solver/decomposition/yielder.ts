/** The solve yields to the event loop (progress messages, timers, other requests) once this many milliseconds have passed since it last did. */
export const YIELD_AFTER_MS = 10;

/** A yield to the event loop that returns at once (undefined) until {@link YIELD_AFTER_MS} have passed on `clock` since the last one. */
export function yielder(clock: () => number = () => performance.now()): () => Promise<void> | undefined {
  let last = clock();
  return () => {
    if (clock() - last < YIELD_AFTER_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = clock();
        resolve();
      }),
    );
  };
}
