// @ts-check
// Checks that run inside the page, for the accessibility end-to-end test. Installed with
// `page.addInitScript(installA11yChecks)` as `window.a11yChecks`: they walk the flattened
// tree (into every open shadow root), which document.querySelectorAll does not.

export function installA11yChecks() {
  const FOCUSABLE = 'button, input, select, textarea, summary, a[href], [tabindex]';

  /** Every element of the document and of the shadow roots within, in tree order. */
  function allElements(root = /** @type {Document | ShadowRoot} */ (document)) {
    /** @type {Element[]} */
    const out = [];
    for (const element of root.querySelectorAll('*')) {
      out.push(element);
      if (element.shadowRoot) out.push(...allElements(element.shadowRoot));
    }
    return out;
  }

  /** The parent in the flattened tree: across a shadow root to its host. */
  function parentOf(/** @type {Element} */ element) {
    if (element.parentElement) return element.parentElement;
    const root = element.getRootNode();
    return root instanceof ShadowRoot ? root.host : null;
  }

  function isDisabled(/** @type {Element} */ element) {
    for (let at = /** @type {Element | null} */ (element); at; at = parentOf(at)) {
      if ('disabled' in at && at.disabled === true) return true;
      if (at.matches('fieldset:disabled')) return true;
    }
    return false;
  }

  function isRendered(/** @type {Element} */ element) {
    return element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  }

  /** [r, g, b, a] (0-255, alpha 0-1) from a computed colour: rgb(), rgba() or color(srgb ...). */
  function parseColor(/** @type {string} */ text) {
    const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(text);
    if (srgb) return [+srgb[1] * 255, +srgb[2] * 255, +srgb[3] * 255, srgb[4] === undefined ? 1 : +srgb[4]];
    const rgb = /^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)$/.exec(text);
    if (rgb) return [+rgb[1], +rgb[2], +rgb[3], rgb[4] === undefined ? 1 : +rgb[4]];
    throw new Error(`cannot read the colour ${text}`);
  }

  /** `top` (with alpha) over the opaque `bottom`. */
  function over(/** @type {number[]} */ top, /** @type {number[]} */ bottom) {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  }

  /** The opaque colour behind an element: the backgrounds of it and its ancestors, composited. */
  function backgroundOf(/** @type {Element} */ element) {
    /** @type {number[][]} */
    const layers = [];
    for (let at = /** @type {Element | null} */ (element); at; at = parentOf(at)) {
      const color = parseColor(getComputedStyle(at).backgroundColor);
      if (color[3] > 0) layers.push(color);
      if (color[3] >= 1) break;
    }
    // The canvas behind everything: white, or the UA's dark grey in a dark scheme.
    let result = matchMedia('(prefers-color-scheme: dark)').matches ? [18, 18, 18, 1] : [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  }

  /** What the element's opacity and its ancestors' do to its text. */
  function opacityOf(/** @type {Element} */ element) {
    let opacity = 1;
    for (let at = /** @type {Element | null} */ (element); at; at = parentOf(at)) {
      opacity *= Number(getComputedStyle(at).opacity);
    }
    return opacity;
  }

  function luminance(/** @type {number[]} */ [r, g, b]) {
    const channel = (/** @type {number} */ v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  }

  function contrast(/** @type {number[]} */ a, /** @type {number[]} */ b) {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  /** A short description of an element for a failure message. */
  function describe(/** @type {Element} */ element) {
    const host =
      element.getRootNode() instanceof ShadowRoot ? /** @type {ShadowRoot} */ (element.getRootNode()).host : null;
    const label =
      element.getAttribute('aria-label') ??
      element.getAttribute('name') ??
      element.textContent?.trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${host ? `${host.localName} > ` : ''}${element.localName}${label ? ` "${label}"` : ''}`;
  }

  /** The focused element, looking into shadow roots. */
  function deepActive() {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  /**
   * Marks every enabled, rendered element that Tab should reach (`data-tab-stop`, a
   * number) and returns how each looks unfocused.
   */
  function markTabStops() {
    /** @type {HTMLElement | null} */ (deepActive())?.blur();
    const stops = allElements().filter(
      (element) =>
        element.matches(FOCUSABLE) &&
        element.getAttribute('tabindex') !== '-1' &&
        !(element instanceof HTMLInputElement && element.type === 'hidden') &&
        !isDisabled(element) &&
        isRendered(element),
    );
    return stops.map((element, i) => {
      element.setAttribute('data-tab-stop', String(i));
      const style = getComputedStyle(element);
      return {
        id: i,
        what: describe(element),
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        boxShadow: style.boxShadow,
      };
    });
  }

  /** How the focused element looks: its focus ring and that ring's contrast with what is around it. */
  function focusedStyle() {
    const element = deepActive();
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const around = backgroundOf(parentOf(element) ?? element);
    const width = parseFloat(style.outlineWidth);
    return {
      id: element.getAttribute('data-tab-stop'),
      what: describe(element),
      focusVisible: element.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
      ringWidth: style.outlineStyle === 'none' ? 0 : width,
      ringContrast: style.outlineStyle === 'none' ? 0 : contrast(over(parseColor(style.outlineColor), around), around),
    };
  }

  /**
   * Text whose colour on its background is under WCAG AA: 4.5:1, or 3:1 for large text
   * (24px, or 18.66px bold). Disabled controls are exempt, as WCAG says.
   */
  function lowContrastText() {
    const failures = [];
    for (const element of allElements()) {
      const text = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent?.trim())
        .join('');
      if (!text || ['script', 'style', 'option', 'title'].includes(element.localName)) continue;
      if (!isRendered(element) || isDisabled(element)) continue;
      const style = getComputedStyle(element);
      const background = backgroundOf(element);
      const color = parseColor(style.color);
      const ink = over([color[0], color[1], color[2], color[3] * opacityOf(element)], background);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const ratio = contrast(ink, background);
      if (ratio < (large ? 3 : 4.5)) {
        failures.push(
          `${describe(element)}: ${ratio.toFixed(2)}:1 (${style.color} on rgb(${background.slice(0, 3).map(Math.round).join(', ')}))`,
        );
      }
    }
    return failures;
  }

  /** Computed text and background colours of the body and of every shadow host's root children. */
  function colors() {
    /** @type {Record<string, { color: string, background: string }>} */
    const out = {
      body: {
        color: getComputedStyle(document.body).color,
        background: getComputedStyle(document.body).backgroundColor,
      },
    };
    for (const element of allElements()) {
      if (!element.shadowRoot || out[element.localName]) continue;
      out[element.localName] = {
        color: getComputedStyle(element).color,
        background: backgroundOf(element).slice(0, 3).map(Math.round).join(','),
      };
    }
    return out;
  }

  /** How many pixels of a canvas are light (all channels over 180) and dark (all under 80), opaque. */
  function canvasInk(/** @type {HTMLCanvasElement} */ canvas) {
    const { data } = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')).getImageData(
      0,
      0,
      canvas.width,
      canvas.height,
    );
    let light = 0;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue;
      if (data[i] > 180 && data[i + 1] > 180 && data[i + 2] > 180) light++;
      if (data[i] < 80 && data[i + 1] < 80 && data[i + 2] < 80) dark++;
    }
    return { light, dark };
  }

  Object.assign(window, {
    a11yChecks: {
      allElements,
      deepActive,
      markTabStops,
      focusedStyle,
      lowContrastText,
      colors,
      canvasInk,
      contrast,
      parseColor,
      backgroundOf,
    },
  });
}
