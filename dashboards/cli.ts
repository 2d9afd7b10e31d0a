/**
 * `npm run datadog:apply [-- --dry-run] [--metric-naming enhanced] [--metric-prefix <prefix>] [--notify @slack-ops]…`
 *
 * Validates every definition with the Datadog client's models, then creates or updates the dashboard and the
 * monitors so that they match (a second run changes nothing). With --dry-run it reads and reports only; with
 * --dry-run and no keys it validates offline. Keys come from DD_API_KEY / DD_APP_KEY and are never printed.
 */
import { parseArgs } from 'node:util';
import { applyDefinitions, report } from './apply.js';
import { buildDefinitions } from './definitions.js';
import { connect } from './remote.js';
import { datadogBaseUrl, metricNamingFrom, metricPrefixFrom, readKeys, ApplyEnv } from './settings.js';

export const usage = `usage: npm run datadog:apply -- [--dry-run] [--metric-naming <naming>] [--metric-prefix <prefix>] [--notify <@handle>]...
  --dry-run         validate and show what would change; send nothing
  --metric-naming   the forwarder's naming: enhanced (default) or aws_lambda (env ${ApplyEnv.metricNaming})
  --metric-prefix   the forwarder's prefix, when it replaces the naming's own (env ${ApplyEnv.metricPrefix})
  --notify          a notification handle added to every monitor message (repeatable)
env: ${ApplyEnv.apiKey}, ${ApplyEnv.appKey} (required unless --dry-run), ${ApplyEnv.site} (default datadoghq.com), ${ApplyEnv.url} (base URL override)`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the command; returns the exit code. Every failure is one line on stderr naming what failed. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        'dry-run': { type: 'boolean', default: false },
        'metric-naming': { type: 'string' },
        'metric-prefix': { type: 'string' },
        notify: { type: 'string', multiple: true, default: [] },
        'page-size': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.help) {
      io.out(usage);
      return 0;
    }
    const dryRun = values['dry-run'];
    const prefix = metricPrefixFrom(env, values['metric-prefix']);
    const definitions = buildDefinitions({
      metricNaming: metricNamingFrom(env, values['metric-naming']),
      ...(prefix ? { metricPrefix: prefix } : {}),
      notify: values.notify,
    });
    const count = definitions.dashboards.length + definitions.monitors.length;
    io.out(`validated ${definitions.dashboards.length} dashboard(s) and ${definitions.monitors.length} monitor(s)`);

    const baseUrl = datadogBaseUrl(env);
    const keys = readKeys(env);
    if (!keys) {
      if (!dryRun) throw new Error(`set ${ApplyEnv.apiKey} and ${ApplyEnv.appKey} (or use --dry-run)`);
      io.out(`dry run without keys: ${count} definitions valid; ${baseUrl} not read, nothing sent`);
      return 0;
    }
    const pageSize = values['page-size'] ? Number(values['page-size']) : undefined;
    const steps = await applyDefinitions(connect(baseUrl, keys), definitions, { dryRun, pageSize });
    io.out(`${dryRun ? 'read' : 'applied to'} ${baseUrl}`);
    for (const line of report(steps, dryRun)) io.out(line);
    return 0;
  } catch (error) {
    io.err(`datadog:apply: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
