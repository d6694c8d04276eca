// Registers the shell's elements: the bar of views, loaded with the page.
import './app-nav.js';
