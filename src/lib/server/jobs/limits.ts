/** How many failed items a job's record lists; more are counted, not stored. */
export const MAX_STORED_ERRORS = 1_000;
