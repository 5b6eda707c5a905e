import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore, UsageError } from '../context.js';

export const profileCommand: Command = {
  name: 'profile',
  summary: "show one person's merged profile (any of their ids)",
  help: `Usage: trailmap profile ID [--data DIR]

Prints the merged profile of the person with ID (a userId, an anonymousId or a
person id) as JSON: identities, traits (latest wins, with history), consent,
first/last seen, event count, recent timeline and the stored model scores of the
latest scoring run (see trailmap scores). Same as GET /v1/profiles/ID, less its
segments and computed traits.`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, COMMON_OPTIONS, true);
    if (positionals.length !== 1) throw new UsageError('expected exactly one ID');
    const { store } = await openStore(io, values);
    try {
      const profile = await store.profile(positionals[0]!);
      if (!profile) {
        io.err(`trailmap: no person has the id ${JSON.stringify(positionals[0])}`);
        return 1;
      }
      io.out(JSON.stringify(profile, null, 2));
    } finally {
      await store.close();
    }
    return 0;
  },
};
