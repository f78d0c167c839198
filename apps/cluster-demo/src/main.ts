/**
 * `tsx src/main.ts`: starts the service from environment variables (see config.ts), prints its
 * URL, and on SIGINT or SIGTERM stops accepting, drains, closes and exits.
 */
import { configFromEnv } from './config.js';
import { startService } from './service.js';
import { closeOnSignals } from './shutdown.js';

const config = configFromEnv();
const service = await startService(config);
const url = await service.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
console.log(`redwire cluster demo listening on ${url}`);
closeOnSignals(service, (code) => process.exit(code));
