/** Rules for figures shown to annotators, shared by the page and the server's `/stats`. */

/** Pairs below which an accuracy or agreement is shown as "—": a figure on fewer says little. */
export const MIN_SHOWN_PAIRS = 20;
