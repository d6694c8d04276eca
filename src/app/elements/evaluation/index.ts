// Registers the evaluation panel's elements: a view imports its panel at once.
import './test-evaluation.js';
