// Cross-origin isolation for hosts that cannot set headers (GitHub Pages and most static
// hosts): responses the service worker gives get COOP and COEP (and CORP), so after one
// reload under the service worker the page is crossOriginIsolated and SharedArrayBuffer
// exists. Headers the server did send are kept as they are.

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function withIsolationHeaders(response: Response): Response {
  // Opaque and error responses cannot be rebuilt, and need nothing.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const missing = Object.entries(ISOLATION_HEADERS).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
