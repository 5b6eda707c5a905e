import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMON_OPTIONS, parseFlags, type Command } from '../command.js';
import { openStore } from '../context.js';
import { listInterventionEstimates } from '@trailmap/state';
import { collectReport } from '../report/collect-report.js';
import { renderReport } from '../report/render-report.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a self-contained HTML report: journey map, funnel, paths, the six questions',
  help: `Usage: trailmap report [--out report.html] [--data DIR] [--json]

Runs the analyses on the stored data (demo or your own) and writes one HTML file with
no external resources: the journey map with its pain points and emotion curve, the
purchase funnel by persona, paths after checkout, retention and lifecycle, channel
metrics, and answers to the six questions every journey map must answer, each with
its numbers. --json prints the collected data instead of writing HTML.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...COMMON_OPTIONS, out: { type: 'string', default: 'report.html' } });
    const { store, state, project } = await openStore(io, values);
    try {
      const t0 = performance.now();
      const data = await collectReport(await store.readSession(), await listInterventionEstimates(state), project.currency);
      if (values.json) {
        io.out(JSON.stringify(data, null, 2));
        return 0;
      }
      const out = resolve(io.cwd, values.out);
      writeFileSync(out, renderReport(data));
      io.out(`wrote ${out} (${data.events.toLocaleString('en')} events, ${data.people.toLocaleString('en')} people, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    } finally {
      await store.close();
    }
    return 0;
  },
};
