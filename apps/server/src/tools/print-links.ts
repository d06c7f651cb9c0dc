import type { InviteLink } from '../room/meetings.js';

/**
 * Prints the invite links of a meeting: one per role and presenter, two per delegation (head,
 * deputy). For `npm start` on a laptop only: a production start (NODE_ENV=production) prints none,
 * since a service's output goes to a journal that others read (main.ts).
 */
export function printLinks(title: string, links: InviteLink[]): void {
  console.log(`\n${title}`);
  const staff = links.filter((l) => l.role !== 'delegate' && l.role !== 'presenter');
  const presenters = links.filter((l) => l.role === 'presenter');
  const delegations = links.filter((l) => l.role === 'delegate' && l.seat !== 'deputy');
  const deputies = links.filter((l) => l.role === 'delegate' && l.seat === 'deputy');
  for (const l of staff) {
    console.log(`  ${l.label.padEnd(40)} ${l.url}`);
    if (l.projectorUrl) console.log(`  ${'Projector'.padEnd(40)} ${l.projectorUrl}`);
  }
  if (presenters.length) console.log('\n  Presenters');
  for (const l of presenters) console.log(`  ${l.label.padEnd(40)} ${l.url}`);
  if (delegations.length) console.log(`\n  Delegations (${delegations.length})`);
  for (const l of delegations) console.log(`  ${l.label.padEnd(40)} ${l.url}`);
  if (deputies.length)
    console.log(`\n  Deputies (${deputies.length}): the head of delegation can hand them the voting right`);
  for (const l of deputies) console.log(`  ${l.label.padEnd(40)} ${l.url}`);
  console.log('');
}
