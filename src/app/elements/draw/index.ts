// Registers the draw panel's elements: a view imports its panel at once.
import './digit-prediction.js';
import './draw-pad.js';
import './first-steps.js';
import './model-picker.js';
import './photo-reader.js';
