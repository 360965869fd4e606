/** @module The demo and its self-contained HTML report: data gathering, inline SVG charts and the page. */
export * from './types';
export * from './render';
export * from './demo-run';
