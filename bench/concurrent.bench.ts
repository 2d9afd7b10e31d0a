/**
 * Issue 11's healthy run: 100 forwarder containers at once on this machine (each a Node process running the built
 * bundle under `nice -n 19`), 4 batches of 1,000 events each, a minute per invocation (an invocation that throws is
 * invoked again, twice at most, as Lambda does), against the local intake on loopback. Prints whether
 * the totals are exact, the retries, timeouts and ambiguous resends (all expected 0), the largest event-loop delay a
 * child saw (how starved they were: a fixed request timer shorter than that would have fired on an answered
 * request), and the wall time. Exits non-zero when the run is not exact.
 *
 *   npm run build && npx tsx bench/concurrent.bench.ts [processes] [batches per process] [ms left per invocation]
 */
import { runConcurrentForwarders, startConcurrentIntake, tally } from '../test/forwarder/concurrent-run.js';

const processes = Number(process.argv[2] ?? 100);
const batchesPerProcess = Number(process.argv[3] ?? 4);
const remainingMs = Number(process.argv[4] ?? 60_000);
const size = { processes, batchesPerProcess, eventsPerBatch: 1_000, distinctBatches: 10, remainingMs };

const { intake, dir, cleanUp } = await startConcurrentIntake();
try {
  const result = await runConcurrentForwarders(size, intake, dir);
  const seen = tally(result, intake);
  const exact = Object.values(seen.totals).every((t) => t.expected === t.stored);
  console.log(`${processes} processes × ${batchesPerProcess} batches × ${size.eventsPerBatch} events, ${remainingMs / 1000} s per invocation: ${seen.invocations} invocations in ${(result.wallMs / 1000).toFixed(1)} s`);
  console.log(`  totals ${exact ? 'exact' : 'NOT EXACT'}: ${JSON.stringify(seen.totals)}`);
  const thrown = seen.thrownThenRetried;
  console.log(`  invocations that threw and were retried as Lambda does: ${thrown.length}`);
  const byMessage = new Map<string, number>();
  for (const message of thrown) byMessage.set(message, (byMessage.get(message) ?? 0) + 1);
  for (const [message, count] of byMessage) console.log(`    ${count} × ${message}`);
  console.log(`  batches still failing after Lambda's two retries: ${seen.errors.length}${seen.errors.length ? ` (first: ${seen.errors[0]})` : ''}`);
  console.log(`  incomplete invocations ${seen.incomplete}, retries ${seen.retries}, timeouts ${seen.requestsTimedOut}, network failures ${seen.requestsNetworkFailed}, ambiguous resends ${seen.ambiguousResends}`);
  console.log(`  requests made ${seen.requestsMade}, seen by the intake ${seen.requestsSeen} (not 202: ${seen.requestsNot202}); forwarder.batches ${seen.batchesCounted}`);
  console.log(`  largest event-loop delay in a child: ${Math.round(seen.maxLoopDelayMs)} ms`);
  const clean = exact && seen.errors.length === 0 && seen.incomplete === 0 && seen.retries === 0 && seen.ambiguousResends === 0 && seen.requestsSeen === seen.requestsMade;
  process.exitCode = clean ? 0 : 1;
} finally {
  await cleanUp();
}
