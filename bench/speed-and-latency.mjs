// @ts-check
// `npm run bench`: the training speed in the engine `--engine` names (every argument goes
// to train-speed.mjs; npm would hand them to the last command only), then the prediction
// latency, in Chromium whatever the engine: its finger is touch events sent through
// Chromium's DevTools protocol.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);

/**
 * Runs a benchmark in a node of its own; its failure ends this one with its status.
 * @param {string} script
 * @param {string[]} scriptArgs
 */
function run(script, scriptArgs) {
  const { status } = spawnSync(process.execPath, [script, ...scriptArgs], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

run('bench/train-speed.mjs', args);
if (args.length > 0) console.log('\nPrediction latency, in Chromium (--engine applies to the training speed only):');
run('bench/predict-latency.mjs', []);
