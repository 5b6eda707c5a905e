/** The footnote under a table with periods still running, marked `*` (see docs/analytics/README.md, complete periods). */
export const incompleteFootnote = (count: number, observedUntil: string | null, why = 'the period is still running'): string =>
  count > 0 ? `\n* incomplete: ${why} (the data ends ${observedUntil ? observedUntil.slice(0, 16).replace('T', ' ') : '-'} UTC); its numbers can still change` : '';
