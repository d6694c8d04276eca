// Elements report through events that cross shadow roots. Each element declares its
// events in HTMLElementEventMap, next to its tag; fire() holds every dispatch to them.

type Detail<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? [D] : [];

/** Fires `type` from `element`: a CustomEvent with the declared detail, or a plain Event where none is declared. */
export function fire<K extends keyof HTMLElementEventMap>(element: HTMLElement, type: K, ...detail: Detail<K>): void {
  const init = { bubbles: true, composed: true };
  element.dispatchEvent(
    detail.length > 0 ? new CustomEvent(type, { ...init, detail: detail[0] }) : new Event(type, init),
  );
}
