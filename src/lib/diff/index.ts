export { tokenize, segmentWords, countWords, type Token } from './tokenize';
export { wordDiff, type DiffPart, type WordDiff, type WordDiffOptions } from './word-diff';
export { DEFAULT_LIMITS, type DiffLimits, type DiffOp } from './sequence';
export { diffStats, type DiffStats } from './stats';
export { postEditMetrics, documentMetrics, metricWords, type SegmentMetrics, type DocumentMetrics, type MetricsSegment, type MetricsOptions } from './metrics';
