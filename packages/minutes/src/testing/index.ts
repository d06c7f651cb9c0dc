export * from './script.js';
export * from './fixture.js';
export * from './readback.js';
export * from './synthetic.js';
export * from './arabic.js';
export * from './languages.js';
