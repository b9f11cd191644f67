/** The only import path for the wire vocabulary. */
export * from './model.js';
export * from './http.js';
export * from './messages.js';
export * from './errors.js';
export * from './visdom.js';
export * from './env-export.js';
export * from './runs.js';
