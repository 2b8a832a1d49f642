/**
 * The result of `work`, or undefined when it takes longer than `ms` (Slack's interactions
 * must be answered within 3 s, and a trigger id expires with them). Late work goes on in the
 * background with its failure ignored; nothing may depend on it.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
