// Entry point of `npm run datadog:apply`; everything it does is in dashboards/cli.ts.
import { runCli } from '../dashboards/cli.js';

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
