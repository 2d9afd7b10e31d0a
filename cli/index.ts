/**
 * The package's command line, `lambda-dd-metrics <command>` (package.json "bin": dist/cli/index.js, built for the
 * system's Node 20 by scripts/build.mjs).
 */
import { runBackfill } from './backfill.js';
import { processIo, runParse, type CliIo } from './parse.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  parse: { run: runParse, summary: 'show the metrics the forwarder would send for some log lines, why lines were rejected (exit 1) and what looks wrong' },
  backfill: { run: runBackfill, summary: "ship a log group's recent history (the last hour) through the forwarder's pipeline" },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: lambda-dd-metrics <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun a command with --help for its options.`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  return command.run(rest, io);
}

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lambda-dd-metrics: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
