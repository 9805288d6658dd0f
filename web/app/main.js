import { html } from './html.js';
