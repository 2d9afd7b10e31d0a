/**
 * Runs the local intake until Ctrl-C: `tsx intake/cli.ts [--port 8765] [--host 127.0.0.1] [--api-key KEY]... [--quiet]`.
 * Keys: --api-key (repeatable), else INTAKE_API_KEYS (comma separated), else DD_API_KEY, else `test-key`.
 * Prints the URL, then one line per request to a Datadog path. Never prints a key.
 */
import { parseArgs } from 'node:util';
import { apiKeysFrom, describeRequest, listenProblem } from './cli-args.js';
import { LocalIntake } from './constants.js';
import { startIntake } from './server.js';

const USAGE = `Usage: npm run intake -- [--port ${LocalIntake.defaultPort}] [--host ${LocalIntake.host}] [--api-key KEY]... [--quiet]
  --port N       port to listen on (0 = any free port)
  --host H       address to listen on
  --api-key KEY  an API key the intake accepts (repeatable); else INTAKE_API_KEYS (comma separated), else
                 DD_API_KEY, else test-key
  --quiet        no line per request`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(LocalIntake.defaultPort) },
      host: { type: 'string', default: LocalIntake.host },
      'api-key': { type: 'string', multiple: true, default: [] },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const { keys, source } = apiKeysFrom(values['api-key'], process.env);
  const intake = await startIntake({
    port,
    host: values.host,
    apiKeys: keys,
    onRequest: values.quiet ? undefined : (record) => console.log(describeRequest(record)),
  }).catch((error: unknown) => {
    throw new Error(listenProblem(error, port, values.host) ?? (error as Error).message);
  });
  console.log(`Datadog intake listening on ${intake.url} (${keys.length} API key(s) from ${source})`);
  const stop = () => void intake.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`intake: ${(error as Error).message}\n${USAGE}`);
  process.exit(1);
});
