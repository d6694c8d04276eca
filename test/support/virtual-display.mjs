// @ts-check
// A virtual X display (Debian's xvfb) for a browser that needs a window: Firefox has
// WebGL only with one. The display number is the first free one, as Xvfb picks it.
import { spawn } from 'node:child_process';

/** @returns {Promise<{ display: string, stop: () => void }>} e.g. display ":1" */
export async function startVirtualDisplay() {
  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  xvfb.stderr.on('data', (chunk) => (said += chunk));
  const display = await new Promise((resolve, reject) => {
    xvfb.stdout.once('data', (chunk) => resolve(`:${String(chunk).trim()}`));
    xvfb.once('error', (error) => reject(new Error(`Xvfb could not start (apt-get install xvfb): ${error.message}`)));
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it gave a display: ${said.trim()}`)));
  });
  return { display, stop: () => void xvfb.kill() };
}
