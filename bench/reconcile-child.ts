/**
 * Child process of section 5, so its peak RSS is its own: runs benchReconcile and prints one JSON line.
 * Usage: tsx bench/reconcile-child.ts <units> <reps>
 */
import { benchReconcile } from './reconcile.ts';

const r = await benchReconcile(Number(process.argv[2]), Number(process.argv[3]));
process.stdout.write(JSON.stringify({ ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
