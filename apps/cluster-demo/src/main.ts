/**
 * `pnpm start` (node with the tsx loader): starts the service from environment variables (see
 * config.ts), prints its URL, and on SIGINT or SIGTERM stops accepting, drains, closes and exits.
 */
import { ConfigError, configFromEnv } from './config.js';
import { startService } from './service.js';
import { closeOnSignals } from './shutdown.js';

try {
  const service = await startService(configFromEnv());
  const port = Number(process.env.PORT ?? 3000);
  const url = await service.listen(port, process.env.HOST ?? '127.0.0.1');
  console.log(`redwire cluster demo listening on ${url}`);
  closeOnSignals(service, (code) => process.exit(code));
} catch (error) {
  // A setting or the database at fault: one sentence, not a stack.
  console.error(`cluster-demo: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof ConfigError) && error instanceof Error) console.error(error.stack);
  process.exit(1);
}
