// navigator.language as Intl accepts it. WebKitGTK started with LANG=C (or C.UTF-8)
// reports "C", which Intl refuses with a RangeError; uPlot formats numbers in
// navigator.language as its module loads, so its charts would never draw.

/** Makes navigator.language a tag Intl takes (the default locale where it is not) and starts ICU for it. */
export function useUsableLanguage(): void {
  try {
    new Intl.NumberFormat(navigator.language);
  } catch {
    const fallback = new Intl.NumberFormat().resolvedOptions().locale;
    Object.defineProperty(navigator, 'language', { value: fallback, configurable: true });
  }
}
