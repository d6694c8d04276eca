// Registers the training panel's elements: a view imports its panel at once.
import './augment-preview.js';
import './backend-speeds.js';
import './resume-offer.js';
import './train-form.js';
import './training-charts.js';
import './training-progress.js';
