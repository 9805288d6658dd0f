export { html } from '../vendor/htm-preact-standalone.module.js';
