// The review domain, one module per concern: submission rounds, decisions on segments, the
// project's four-eyes setting, the reviewer's queue, and what the review screens show per segment.
export * from './rounds';
export * from './decisions';
export * from './settings';
export * from './queue';
export * from './info';
