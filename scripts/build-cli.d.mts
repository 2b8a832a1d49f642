/** Types of scripts/build-cli.mjs, for the tests of what the start-up prepares for a command. */
interface Command {
  source: string;
  entry: string;
  run: string;
  /** Whether the start-up compiles HiGHS's Wasm ahead for these arguments. */
  compilesHighs(argv: string[]): boolean;
  /** The predictions these arguments name (`--predictions`), which a large week's start-up runs with huge pages. */
  namedWeek(argv: string[]): string | undefined;
  /** Whether the start-up starts the chart thread for these arguments. */
  startsChartThread(argv: string[]): boolean;
}

export declare const ROOT: string;
export declare const DIST: string;
export declare const CHART_THREAD: string;
export declare const HIGHS_WASM: string;
export declare const COMMANDS: { plan: Command; slack: Command };
/** Whether a file under `dir` was modified after `time` (ms since the epoch). */
export declare function changedSince(dir: string, time: number): boolean;
export declare function isStale(): boolean;
export declare function buildCli(): Promise<void>;
