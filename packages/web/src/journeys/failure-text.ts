import { ApiFailure } from '../api/client.js';

/** An API failure as one line: the server's message and the field it named. */
export const failureText = (e: unknown) => (e instanceof ApiFailure ? (e.field ? `${e.message} (${e.field})` : e.message) : String(e));
