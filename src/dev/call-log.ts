/** What a loopback stand-in received, in order, and a way to wait for one that has not arrived yet. */
export interface CallLog<T> {
  items: T[];
  /** Appends one and resolves every waiter it matches. */
  record(item: T): void;
  /** Resolves with the first item (past or future) that `match` accepts; rejects after `timeoutMs`, listing what came. */
  waitFor(match: (item: T) => boolean, timeoutMs: number): Promise<T>;
}

/** A call log; `describe` names an item in the timeout's message (`chat.postMessage`, `POST /x`). */
export function createCallLog<T>(describe: (item: T) => string): CallLog<T> {
  const items: T[] = [];
  const waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  return {
    items,
    record(item) {
      items.push(item);
      for (const waiter of waiters.filter((w) => w.match(item))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(item);
      }
    },
    waitFor(match, timeoutMs) {
      const seen = items.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const got = items.map(describe).join(', ') || 'none';
          reject(new Error(`nothing matching arrived within ${timeoutMs} ms; got ${got}`));
        }, timeoutMs);
        waiters.push({ match, resolve: (item) => (clearTimeout(timer), resolve(item)) });
      });
    },
  };
}
