// Debian's Chromium and the flags it needs on these machines (see the README): the
// unit tests (web-test-runner) and the end-to-end tests (playwright-core) both use it.
export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox', // the tests run as root
  // The closed network refuses Chromium's background connections.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGL on Mesa's llvmpipe: faster than the default SwiftShader path.
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
  '--enable-unsafe-swiftshader',
  // navigator.gpu gives no adapter without it (SwiftShader's, a fallback adapter, here).
  '--enable-unsafe-webgpu',
  // The page composited and its canvases drawn as Chromium does on a machine without a
  // GPU ("Software only" for both in chrome://gpu here, without --ignore-gpu-blocklist).
  // With the blocklist off alone, Chromium also rasterises and composites the page
  // through llvmpipe in the GPU process, the process that runs the WebGL and WebGPU
  // training in software, so the page's frames waited behind the worker's draw calls.
  '--disable-gpu-compositing',
  '--disable-accelerated-2d-canvas',
];
