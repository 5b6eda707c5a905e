import { projectSalt, type StateStore } from '@trailmap/state';
import { unsubscribeSecretFromSalt } from './unsubscribe-token.js';

/**
 * The project's unsubscribe-token secret, derived from the state store's project salt (read once,
 * then kept; a failed read is tried again next time). The sender signs links with it and the
 * unsubscribe route checks them with it, in any process on that state store.
 */
export function projectUnsubscribeSecret(state: StateStore): () => Promise<Buffer> {
  let secret: Promise<Buffer> | null = null;
  return () =>
    (secret ??= projectSalt(state).then(unsubscribeSecretFromSalt, (e: unknown) => {
      secret = null;
      throw e;
    }));
}
