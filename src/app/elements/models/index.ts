// Registers the models panel's elements: a view imports its panel at once.
import './model-import.js';
import './model-library.js';
import './model-summary.js';
import './install-offer.js';
