// Registers the status panel's elements: a view imports its panel at once.
import './dataset-status.js';
import './network-status.js';
import './update-banner.js';
