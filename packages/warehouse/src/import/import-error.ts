/** A file or option problem that stops an import before any row is stored; the message names the file. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}
