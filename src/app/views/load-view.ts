// A view's elements are imported when it is first shown, so the first view loads only its own.
import type { View } from './view-names.js';

/** Imports the panels a view shows; each registers its elements. */
export function loadView(view: View): Promise<unknown> {
  switch (view) {
    case 'draw':
      return Promise.all([import('../elements/draw/index.js'), import('../elements/personal/index.js')]);
    case 'train':
      return import('../elements/training/index.js');
    case 'models':
      return import('../elements/models/index.js');
    case 'evaluate':
      return import('../elements/evaluation/index.js');
  }
}
