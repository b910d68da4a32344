// The engine's only public surface. Everything outside src/engine imports from here.
export type * from './types';
export * from './parse/index';
export * from './match/index';
export * from './evaluate/index';
export * from './explain/index';
export * from './edit/index';
export * from './lint/index';
