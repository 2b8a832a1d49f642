/** Types of scripts/highs-esbuild-plugin.mjs, for the tests that build with it. */
import type { Plugin } from 'esbuild';

export declare const HIGHS_LAZY_NAMES: [string, string][];
export declare function nameHighsElementsLazily(source: string): string;
export declare function bundleHighs(chunks: string): Plugin;
