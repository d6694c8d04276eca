// A service worker whose install takes `?install-ms=` milliseconds, for the tests that
// wait on an installing service worker. Registered with a scope no test page is in.
const installMs = Number(new URL(location.href).searchParams.get('install-ms'));

addEventListener('install', (event) => {
  (event as Event & { waitUntil(promise: Promise<unknown>): void }).waitUntil(
    new Promise((resolve) => setTimeout(resolve, installMs)),
  );
});
