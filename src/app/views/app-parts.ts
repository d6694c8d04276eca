// What a view's template reads and calls: the page's controllers, as <mnist-app> holds them.
import type { BackendsController } from '../controllers/backends-controller.js';
import type { DatasetController } from '../controllers/dataset-controller.js';
import type { DrawingController } from '../controllers/drawing-controller.js';
import type { EvaluationController } from '../controllers/evaluation-controller.js';
import type { InstallController } from '../controllers/install-controller.js';
import type { LibraryController } from '../controllers/library-controller.js';
import type { PhotoController } from '../controllers/photo-controller.js';
import type { PersonalController } from '../controllers/personal-controller.js';
import type { PreviewController } from '../controllers/preview-controller.js';
import type { RunController } from '../controllers/run-controller.js';
import type { ViewController } from '../controllers/view-controller.js';

export interface AppParts {
  readonly backends: BackendsController;
  readonly mnist: DatasetController;
  readonly drawing: DrawingController;
  readonly evaluation: EvaluationController;
  readonly install: InstallController;
  readonly library: LibraryController;
  readonly personal: PersonalController;
  readonly photo: PhotoController;
  readonly preview: PreviewController;
  readonly run: RunController;
  readonly views: ViewController;
}

export type On<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K];
