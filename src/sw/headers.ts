// For hosts that cannot set headers (GitHub Pages and most static hosts): every response
// the service worker gives gets the headers `npm start` sends (serve.json, written into
// the service worker by the build) that the host did not send. COOP and COEP (with CORP)
// make the page crossOriginIsolated after one reload, so SharedArrayBuffer and wasm
// threads exist. The CSP comes along so the app runs under one policy on every host: the
// page and each worker (trainer, predictor, wasm pthreads) take the CSP of their own
// script's response, and all of those pass here. Headers the host sent are kept as they are.

export function withMissingHeaders(response: Response, headers: Readonly<Record<string, string>>): Response {
  // Opaque and error responses cannot be rebuilt, and need nothing.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const missing = Object.entries(headers).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const merged = new Headers(response.headers);
  for (const [name, value] of missing) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}
