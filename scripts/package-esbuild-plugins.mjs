/**
 * esbuild plugins for the Lambda bundles (serverless.yml: custom.esbuild.plugins).
 *
 * Bolt's index loads every receiver, and with them Socket Mode (a WebSocket client and undici)
 * and Express (with body parsing and iconv-lite): about 1.5 MB of JavaScript that the Lambda
 * functions never run, since they use AwsLambdaReceiver. Parsing and evaluating it is a large
 * share of the Slack function's cold start, inside Slack's 3-second budget. Here those modules,
 * when Bolt imports them, become small stand-ins that throw a clear error if ever called.
 * The package test (test/integration/deploy/package.test.ts) runs the bundles for real.
 */

const NAMESPACE = 'retention-unused-in-lambda';

/** Module name -> CommonJS stand-in source. */
const STAND_INS = {
  '@slack/socket-mode': `
    function unavailable() { throw new Error('@slack/socket-mode is left out of the Lambda bundle: use AwsLambdaReceiver (scripts/package-esbuild-plugins.mjs)'); }
    module.exports = { SocketModeClient: class SocketModeClient { constructor() { unavailable(); } } };`,
  express: `
    function express() { throw new Error('express is left out of the Lambda bundle: use AwsLambdaReceiver (scripts/package-esbuild-plugins.mjs)'); }
    express.Router = express;
    module.exports = express;`,
  'raw-body': `
    module.exports = async function getRawBody() { throw new Error('raw-body is left out of the Lambda bundle: use AwsLambdaReceiver (scripts/package-esbuild-plugins.mjs)'); };`,
};

const FILTER = new RegExp(
  `^(${Object.keys(STAND_INS)
    .map((name) => name.replace(/[/.]/g, '\\$&'))
    .join('|')})$`,
);

/** Replaces Bolt's unused receivers' heavy dependencies with throwing stand-ins. */
export const leaveOutUnusedBoltReceivers = {
  name: 'leave-out-unused-bolt-receivers',
  setup(build) {
    build.onResolve({ filter: FILTER }, (args) => {
      if (!/[\\/]@slack[\\/]bolt[\\/]/.test(args.importer)) return undefined;
      return { path: args.path, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: STAND_INS[args.path], loader: 'js' }));
  },
};

/** zod's barrel of its locales, ES module or CommonJS. */
const ZOD_LOCALES = /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.c?js$/;

/**
 * zod's `z.locales` (its error messages in some sixty languages, about half of the zod a bundle
 * holds) becomes English only: zod registers English itself and nothing here asks for another
 * language, so every other locale would be parsed at each start for nothing.
 */
export const onlyEnglishZodLocale = {
  name: 'only-english-zod-locale',
  setup(build) {
    build.onLoad({ filter: ZOD_LOCALES }, (args) => ({
      contents: args.path.endsWith('.cjs')
        ? 'exports.en = require("./en.cjs").default;\n'
        : 'export { default as en } from "./en.js";\n',
      loader: 'js',
    }));
  },
};

export default [leaveOutUnusedBoltReceivers, onlyEnglishZodLocale];
