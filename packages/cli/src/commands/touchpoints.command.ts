import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore } from '../context.js';
import { renderTable } from '../output/table.js';

export const touchpointsCommand: Command = {
  name: 'touchpoints',
  summary: 'list the touchpoint catalogue with event and people counts',
  help: `Usage: trailmap touchpoints [--data DIR] [--config FILE] [--json]

Every stored event maps to a touchpoint, a channel, a type (digital, physical,
social, human) and a journey stage. Defaults come from event names, page paths,
utm parameters and context.channel; rules in trailmap.config.json override them
(see docs/touchpoints.md). Changing the rules re-classifies stored events.
Identify, alias and group calls are not touchpoints: they are counted below
the table (and under "notTouchpoints" with --json).`,
  async run(argv, io) {
    const { values } = parseFlags(argv, COMMON_OPTIONS);
    const { store } = await openStore(io, values);
    try {
      const rows = await store.touchpoints();
      const other = await store.nonTouchpoints();
      if (values.json) io.out(JSON.stringify({ touchpoints: rows, notTouchpoints: other }, null, 2));
      else {
        io.out(
          renderTable(rows, [
            ['stage', 'STAGE'],
            ['touchpoint', 'TOUCHPOINT'],
            ['channel', 'CHANNEL'],
            ['type', 'TYPE'],
            ['events', 'EVENTS'],
            ['people', 'PEOPLE'],
          ]),
        );
        if (other.length) io.out(`Not touchpoints (who someone is, not a step): ${other.map((r) => `${r.events} ${r.type}`).join(', ')} calls.`);
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
