// uPlot plugins for the training charts: a legend the keyboard can use, and a mark at
// the best epoch.
import type uPlot from 'uplot';

/**
 * uPlot's legend shows and hides a series on a click only: each entry becomes a toggle
 * button that Tab reaches and Enter or Space presses.
 */
export function keyboardLegend(title: string): uPlot.Plugin {
  const sync = (plot: uPlot) => {
    plot.root.querySelectorAll<HTMLElement>('.u-series').forEach((row, i) => {
      if (i === 0) return; // the x value, not a series
      const toggle = row.querySelector('th');
      if (!toggle) return;
      toggle.setAttribute('aria-pressed', String(plot.series[i].show !== false));
      if (toggle.hasAttribute('role')) return;
      toggle.setAttribute('role', 'button');
      toggle.tabIndex = 0;
      toggle.setAttribute('aria-label', `${title}: show ${seriesName(plot.series[i])}`);
      toggle.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        toggle.click();
      });
    });
  };
  return { hooks: { init: [sync], setSeries: [sync] } };
}

/** A dashed vertical line at the best epoch (`bestEpoch()`; none while it is 0). */
export function bestEpochMarker(ink: string, bestEpoch: () => number): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (plot) => {
          const best = bestEpoch();
          if (!best) return;
          const x = plot.valToPos(best, 'x', true);
          const { ctx, bbox } = plot;
          ctx.save();
          ctx.strokeStyle = ink;
          ctx.setLineDash([5, 5]);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.fillStyle = ctx.strokeStyle;
          const right = x + 40 < bbox.left + bbox.width;
          ctx.textAlign = right ? 'left' : 'right';
          ctx.fillText('best', right ? x + 4 : x - 4, bbox.top + 12);
          ctx.restore();
        },
      ],
    },
  };
}

function seriesName(series: uPlot.Series): string {
  return typeof series.label === 'string' ? series.label : (series.label?.textContent ?? '');
}
