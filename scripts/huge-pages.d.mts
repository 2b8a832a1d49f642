/** Types of scripts/huge-pages.mjs, for its tests. */
export interface HugePageProbes {
  platform?: string;
  env?: Record<string, string | undefined>;
  hugePageMode?: () => string | undefined;
  sizeOf?: (path: string) => number | 'folder' | undefined;
  tunable?: () => boolean;
}

export declare const HUGE_PAGES_TUNABLE: string;
export declare const LARGE_WEEK_BYTES: number;
export declare function namesLargeWeek(
  source: string,
  sizeOf: (path: string) => number | 'folder' | undefined,
): boolean;
export declare function hugePagesEnvironment(
  source: string,
  probes?: HugePageProbes,
): Record<string, string | undefined> | undefined;
export declare function relaunch(env: Record<string, string | undefined>, args?: string[]): Promise<number>;
