// Registers the personal panel's elements: a view imports its panel at once.
import './personal-set.js';
