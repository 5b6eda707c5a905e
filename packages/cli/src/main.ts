import type { Command } from './command.js';
import { UsageError, type Io } from './context.js';
import { demoCommand } from './commands/demo.command.js';
import { ingestCommand } from './commands/ingest.command.js';
import { profileCommand } from './commands/profile.command.js';
import { startCommand } from './commands/start.command.js';
import { touchpointsCommand } from './commands/touchpoints.command.js';
import { reportCommand } from './commands/report.command.js';
import { attributionCommand } from './commands/attribution.command.js';
import { clvCommand } from './commands/clv.command.js';
import { interventionsCommand } from './commands/interventions.command.js';
import { simulateCommand } from './commands/simulate.command.js';
import { journeyMapCommand } from './commands/journey-map.command.js';
import { metricsCommand } from './commands/metrics.command.js';
import { pathsCommand } from './commands/paths.command.js';
import { funnelCommand } from './commands/funnel.command.js';
import { insightsCommand } from './commands/insights.command.js';
import { auditCommand } from './commands/audit.command.js';
import { tasksCommand } from './commands/tasks.command.js';
import { keysCommand } from './commands/keys.command.js';
import { adminCommand } from './commands/admin.command.js';
import { dataRetentionCommand } from './commands/data-retention.command.js';
import { retentionCommand } from './commands/retention.command.js';
import { churnCommand } from './commands/churn.command.js';
import { segmentsCommand } from './commands/segments.command.js';
import { traitsCommand } from './commands/traits.command.js';
import { rfmCommand } from './commands/rfm.command.js';
import { scoresCommand } from './commands/scores.command.js';
import { privacyCommand } from './commands/privacy.command.js';
import { personasCommand } from './commands/personas.command.js';
import { recommendCommand } from './commands/recommend.command.js';
import { workerCommand } from './commands/worker.command.js';
import { journeysCommand } from './commands/journeys.command.js';

export const COMMANDS: readonly Command[] = [startCommand, ingestCommand, demoCommand, touchpointsCommand, profileCommand, journeyMapCommand, reportCommand, retentionCommand, metricsCommand, pathsCommand, funnelCommand, attributionCommand, interventionsCommand, simulateCommand, insightsCommand, churnCommand, segmentsCommand, traitsCommand, journeysCommand, personasCommand, rfmCommand, clvCommand, scoresCommand, keysCommand, adminCommand, auditCommand, tasksCommand, dataRetentionCommand, privacyCommand, recommendCommand, workerCommand];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Trailmap — customer journey platform

Usage: trailmap <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Common options:
  --data DIR      data directory (default ./data or TRAILMAP_DATA_DIR)
  --config FILE   trailmap.config.json (default: ./trailmap.config.{json,mjs,js}, then DIR/)
  --json          machine-readable output
  -h, --help      help for a command: trailmap <command> --help
`;
}

/** Run the CLI; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out('trailmap 0.1.0');
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`trailmap: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.help);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`trailmap ${cmd.name}: ${e.message}\n\n${cmd.help}`);
      return 2;
    }
    io.err(`trailmap ${cmd.name}: ${(e as Error).message}`);
    return 1;
  }
}
