import type { Page } from '@playwright/test';
import { expect, test } from './test.js';
import { ADMIN_TOKEN, createMeeting, linkFor, openAs } from './fixtures.js';
import { serverState, tokenOfUrl } from './server-state.js';

/**
 * A delegate's network drops for 30 s while the chair moves the agenda and opens a poll. Back
 * online, the view converges by itself (no reload). What the delegate clicked while offline is
 * never lost silently and never doubled: a hand raised for an item the agenda has left is
 * clearly refused; a ballot and a hand raised for the item still under way are sent once.
 */

const PROPOSAL = 'uz-lab-proposal';
const OFFLINE_MS = 30_000;

async function live(...pages: Page[]): Promise<void> {
  for (const page of pages)
    await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
}

test('a delegate offline for 30 s converges without a reload; offline clicks are sent once or clearly refused', async ({
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  if (!baseURL) throw new Error('no baseURL');
  const meeting = await createMeeting(request);
  const observerToken = tokenOfUrl(linkFor(meeting, 'observer').url);
  const state = () => serverState(baseURL, meeting.id, observerToken);
  const chair = await openAs(browser, linkFor(meeting, 'chair').url);
  const uz = await openAs(browser, linkFor(meeting, 'delegate', 'uz').url);
  await live(chair, uz);
  await chair.getByTestId('btn-open').click();
  await chair.getByTestId('start-opening').click();
  await expect(uz.getByTestId('current-item')).toHaveAttribute('data-item-id', 'opening');

  // --- 30 s offline while the agenda moves and a poll opens.
  const offlineAt = Date.now();
  await uz.context().setOffline(true);
  await expect(uz.getByTestId('connection')).not.toHaveAttribute('data-status', 'live');
  // A hand raised for the opening item while offline: kept, shown as waiting, not askable twice.
  await uz.getByTestId('ask-statement').click();
  await expect(uz.getByTestId('request-pending')).toHaveText(
    'Your request will be sent as soon as the connection is back.',
  );
  await expect(uz.getByTestId('outbox')).toHaveAttribute('data-count', '1');
  await expect(uz.getByTestId('ask-statement')).toBeDisabled();

  await chair.getByTestId('start-uz-lab').click();
  await chair.getByTestId(`open-poll-${PROPOSAL}`).click();
  await chair.getByTestId('poll-quorum').fill('0');
  await chair.getByTestId('poll-open-submit').click();
  await expect(chair.getByTestId('poll-status')).toHaveAttribute('data-status', 'open');
  // The offline view still shows the old item: it heard nothing.
  await expect(uz.getByTestId('current-item')).toHaveAttribute('data-item-id', 'opening');
  await uz.waitForTimeout(Math.max(0, OFFLINE_MS - (Date.now() - offlineAt)));

  // --- Back online: converges without a reload.
  const onlineAt = Date.now();
  await uz.context().setOffline(false);
  await live(uz);
  await expect(uz.getByTestId('current-item')).toHaveAttribute('data-item-id', 'uz-lab');
  await expect(uz.getByTestId('poll-status')).toHaveAttribute('data-status', 'open');
  await expect(uz.getByTestId('ballot-support')).toBeVisible();
  console.log(`offline: live again ${Date.now() - onlineAt} ms after the network came back`);
  // The hand raised for the opening item is refused, clearly, and nothing reached the record.
  await expect(uz.getByTestId('error-banner')).toHaveText(/That item is no longer under way\./);
  await expect(uz.getByTestId('outbox')).toHaveCount(0);
  await expect(uz.getByTestId('request-pending')).toHaveCount(0);
  let s = await state();
  /** Uzbekistan's own requests on an item's list (its presenter's planned presentation aside). */
  const queued = (item: string) =>
    (s.floor.lists[item]?.order ?? []).filter((id) => {
      const entry = s.floor.lists[item]?.entries[id];
      return entry?.delegationId === 'uz' && entry.kind !== 'presentation';
    });
  expect(queued('opening')).toEqual([]);
  expect(queued('uz-lab')).toEqual([]);
  const pollId = s.votes.openPollId ?? '';
  expect(s.votes.polls[pollId]?.votedCount).toBe(0);

  // --- Offline again on the item under way: a ballot and a hand raised are sent once when back.
  await uz.context().setOffline(true);
  await expect(uz.getByTestId('connection')).not.toHaveAttribute('data-status', 'live');
  await uz.getByTestId('ballot-support').click();
  await expect(uz.getByTestId('ballot-pending')).toHaveText(
    'Your ballot will be sent as soon as the connection is back.',
  );
  await expect(uz.getByTestId('ballot-support')).toBeDisabled();
  await uz.getByTestId('ask-statement').click();
  await expect(uz.getByTestId('outbox')).toHaveAttribute('data-count', '2');
  await uz.waitForTimeout(5000);
  // Nothing went out while offline.
  expect((await state()).votes.polls[pollId]?.votedCount).toBe(0);
  await uz.context().setOffline(false);
  await live(uz);
  await expect(uz.getByTestId('ballot-receipt')).toContainText('Your choice: Support.');
  await expect(uz.getByTestId('withdraw-statement')).toBeVisible();
  await expect(uz.getByTestId('outbox')).toHaveCount(0);
  await expect(chair.getByTestId('poll-progress')).toHaveAttribute('data-voted', '1');

  // The server's record: one ballot, one queue entry — nothing doubled.
  s = await state();
  expect(s.votes.polls[pollId]?.votedCount).toBe(1);
  expect(queued('uz-lab')).toHaveLength(1);
  const results = await request.get(`/api/meetings/${meeting.id}/results.json`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const report: unknown = await results.json();
  const voters = (
    report as { data: { polls: Array<{ id: string; voters: Array<{ delegationId: string }> }> } }
  ).data.polls.find((p) => p.id === pollId)?.voters;
  expect(voters?.map((v) => v.delegationId)).toEqual(['uz']);
});
