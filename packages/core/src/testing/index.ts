/** Test helpers of the core, for the tests of every package (`@rostrum/core/testing`). */
export * from './spreadsheet.js';
