import type { ErrorCode } from '../protocol/facts';

/** A job refused because of what the user asked for; its message is shown as is. */
export class JobInputError extends Error {
  override name = 'JobInputError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
