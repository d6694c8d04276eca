// The page's entry: registers the elements; <mnist-app> in index.html does the rest.
import './mnist-app.js';
