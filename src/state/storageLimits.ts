// Sizes that decide where a saved workspace goes (a module of its own, so tests can read them without
// loading the app).

/** Texts above this size go to IndexedDB: localStorage holds about 5 MB per site, in UTF-16. */
export const LOCAL_STORAGE_LIMIT = 1_000_000;

/**
 * A big text is saved in parts of this many characters, each put in its own task: put whole, the
 * browser copies it in one task, after every pause in typing. Budget: no part over 16 ms in Chromium.
 */
export const SAVED_PART = 1 << 20;
