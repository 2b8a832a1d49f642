/** Types of scripts/package-esbuild-plugins.mjs, for the tests that build with its plugins. */
import type { Plugin } from 'esbuild';

export declare const leaveOutUnusedBoltReceivers: Plugin;
export declare const onlyEnglishZodLocale: Plugin;
declare const plugins: Plugin[];
export default plugins;
