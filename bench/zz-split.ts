import { routeCommand } from '../packages/cluster/src/routing/route.js';
import { commandSpecs } from '@redwire/client';
import { MGET_KEYS } from './cluster/keys.js';
const args = ['MGET', ...MGET_KEYS];
const spec = (commandSpecs as any).MGET;
for (let r = 0; r < 5; r++) {
  const t0 = performance.now(); let n = 0;
  for (let i = 0; i < 20000; i++) { const route = routeCommand(args, spec); n += (route as any).parts.length; }
  console.log('route+split µs/op', ((performance.now() - t0) / 20000 * 1000).toFixed(2), n);
}
