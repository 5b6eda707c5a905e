/**
 * A model that cannot be fitted on the data it was given (no events, no purchases, no repeat
 * customer, no churned or no retained person at the cutoff): the request is fine, the data is
 * not enough. Servers answer it with a 422 naming what is missing.
 */
export class NotEnoughDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotEnoughDataError';
  }
}
