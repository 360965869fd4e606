/** @module The history model: lag counts of past allocations, a self-exciting linear score, and its training rows. */
export * from './lag-counts';
export * from './self-exciting';
export * from './samples';
