import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test.js';
import { io, type Socket } from 'socket.io-client';
import { demoMeeting } from '@rostrum/server';
import { ADMIN_TOKEN, linkFor, type CreatedMeeting } from './fixtures.js';
import { tokenOfUrl } from './server-state.js';

/**
 * Cross-site scripting: every human text of a meeting — title, chair, delegations, presenters,
 * agenda items, proposals, decisions, notes — holds HTML and script. Every view (chair,
 * secretariat, delegate, observer, projector) shows it as the characters typed, no script runs
 * (`window.__xss` stays undefined), no element is made from it, and the minutes escape it.
 *
 * The page's Content-Security-Policy would block an inline handler anyway: so the test also
 * checks that no element came out of the text and that the browser reported no CSP violation
 * (a violation means markup got through and only the CSP stopped it).
 */

const P = {
  img: '<img src=x onerror=window.__xss=1>',
  script: '<script>window.__xss=1</script>',
  link: '<a href="javascript:window.__xss=1">click me</a>',
  svg: '"><svg onload=window.__xss=1>',
  js: 'javascript:window.__xss=1',
  template: "{{constructor.constructor('window.__xss=1')()}}",
  entities: '&lt;b&gt;not bold&lt;/b&gt; &amp;',
} as const;

/** Elements and attributes that can only come from the hostile text. */
const INJECTED = 'img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:"], script:not([src])';

function hostileDefinition(): ReturnType<typeof demoMeeting> {
  const def = demoMeeting();
  def.title = { en: `Heads of Customs ${P.img}`, ru: `Совещание ${P.script}` };
  def.chair = { ...def.chair, name: { en: `Chair ${P.svg}`, ru: `Председатель ${P.img}` } };
  def.delegations = def.delegations.map((d) =>
    d.id === 'uz'
      ? { ...d, name: { en: `Uzbekistan ${P.img}`, ru: `Узбекистан ${P.script}` } }
      : d.id === 'kz'
        ? { ...d, name: { en: `Kazakhstan ${P.link}`, ru: `Казахстан ${P.svg}` } }
        : d,
  );
  def.presenters = (def.presenters ?? []).map((p) =>
    p.id === 'sg'
      ? { ...p, name: { en: `SG ${P.script}`, ru: `ГС ${P.img}` }, title: { en: P.js, ru: P.template } }
      : p,
  );
  def.agenda = def.agenda.map((a) =>
    a.id === 'uz-lab'
      ? { ...a, title: { en: `Laboratory ${P.link}`, ru: `Лаборатория ${P.svg}` } }
      : a.id === 'opening'
        ? { ...a, title: { en: P.template, ru: P.entities } }
        : a,
  );
  def.proposals = (def.proposals ?? []).map((p) => ({
    ...p,
    title: { en: `Proposal ${P.img}`, ru: `Предложение ${P.script}` },
    text: { en: `${P.script} ${P.entities}`, ru: `${P.svg} ${P.link}` },
  }));
  return def;
}

async function chairSocket(baseURL: string, token: string): Promise<Socket> {
  const socket = io(baseURL, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function must(socket: Socket, command: Record<string, unknown>): Promise<string | undefined> {
  const ack: unknown = await socket
    .timeout(5000)
    .emitWithAck('command', { id: `xss-${Math.random().toString(36).slice(2, 12)}`, ...command });
  if (typeof ack !== 'object' || ack === null || !('ok' in ack) || ack.ok !== true)
    throw new Error(`${String(command.type)} refused: ${JSON.stringify(ack)}`);
  return 'data' in ack &&
    typeof ack.data === 'object' &&
    ack.data !== null &&
    'createdId' in ack.data &&
    typeof ack.data.createdId === 'string'
    ? ack.data.createdId
    : undefined;
}

/** Opens a view with a listener for CSP violations installed before any script of the page. */
async function openWatched(browser: Browser, url: string, locale = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(
        `${e.violatedDirective} ${e.sample} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    );
  });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(url.replace(/^https?:\/\/[^/]+/, ''));
  // Several views open one after the other at the end of the suite: joining can take past 5 s.
  await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  return page;
}

async function assertInert(page: Page, name: string): Promise<void> {
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    `${name}: a script ran`,
  ).toBeUndefined();
  expect(await page.locator(INJECTED).count(), `${name}: markup came out of the text`).toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    `${name}: CSP violations`,
  ).toEqual([]);
}

test('hostile texts render as text in every view and every text minutes format; no script runs', async ({
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(90_000);
  if (!baseURL) throw new Error('no baseURL');
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  // Links other than http(s) are refused where the definition holds links.
  const badVideo = await request.post('/api/meetings', {
    headers: auth,
    data: { ...hostileDefinition(), videoLink: 'javascript:window.__xss=1' },
  });
  expect(badVideo.status()).toBe(400);
  const withDocs = hostileDefinition();
  withDocs.proposals = (withDocs.proposals ?? []).map((p) => ({
    ...p,
    documents: [{ title: { en: 'Doc', ru: 'Док' }, url: 'javascript:window.__xss=1' }],
  }));
  expect((await request.post('/api/meetings', { headers: auth, data: withDocs })).status()).toBe(400);

  const res = await request.post('/api/meetings', { headers: auth, data: hostileDefinition() });
  expect(res.status()).toBe(201);
  const meeting = ((await res.json()) as { data: CreatedMeeting }).data;

  // The meeting in full swing: hostile names in the queue and on the floor, a proposal and a
  // decision added live, the decision read back on the projector, a poll open.
  const chair = await chairSocket(baseURL, tokenOfUrl(linkFor(meeting, 'chair').url));
  const uz = await chairSocket(baseURL, tokenOfUrl(linkFor(meeting, 'delegate', 'uz').url));
  const kz = await chairSocket(baseURL, tokenOfUrl(linkFor(meeting, 'delegate', 'kz').url));
  await must(chair, { type: 'meeting.open' });
  await must(chair, { type: 'agenda.start', itemId: 'uz-lab' });
  await must(uz, { type: 'floor.request', kind: 'statement' });
  await must(kz, { type: 'floor.request', kind: 'reply' });
  await must(chair, { type: 'floor.give', presenterId: 'sg' });
  await must(chair, {
    type: 'proposal.add',
    agendaItemId: 'uz-lab',
    title: { en: `Live ${P.svg}`, ru: `Живое ${P.img}` },
    text: { en: P.link, ru: P.template },
  });
  const decisionId = await must(chair, {
    type: 'decision.record',
    agendaItemId: 'uz-lab',
    text: { en: `Decided ${P.img}`, ru: `Решено ${P.script}` },
    outcome: 'noted',
  });
  await must(chair, { type: 'decision.readBack', decisionId });
  const pollId = await must(chair, {
    type: 'poll.open',
    proposalId: 'uz-lab-proposal',
    method: 'vote',
    secrecy: 'roll_call',
    quorum: 0,
  });
  await must(uz, { type: 'poll.vote', pollId, choice: 'support' });
  for (const s of [chair, uz, kz]) s.disconnect();

  const observer = linkFor(meeting, 'observer');
  if (!observer.projectorUrl) throw new Error('no projector link');
  const views: Array<[string, Page]> = [
    ['chair', await openWatched(browser, linkFor(meeting, 'chair').url)],
    ['secretariat', await openWatched(browser, linkFor(meeting, 'secretariat').url)],
    ['delegate uz', await openWatched(browser, linkFor(meeting, 'delegate', 'uz').url)],
    ['delegate kz (ru)', await openWatched(browser, linkFor(meeting, 'delegate', 'kz').url, 'ru-RU')],
    ['observer', await openWatched(browser, observer.url)],
    ['projector', await openWatched(browser, observer.projectorUrl.replace('#', '?lang=both#'))],
  ];
  const view = (name: string): Page => {
    const found = views.find(([n]) => n === name)?.[1];
    if (!found) throw new Error(`no view ${name}`);
    return found;
  };

  // The secretariat types hostile notes; the chair reads them.
  const notes = view('secretariat').getByTestId('notes-editor');
  await expect(view('secretariat').getByTestId('notes-status')).toHaveText(/.+/);
  await notes.fill(`${P.script} ${P.img}`);
  await expect(view('chair').getByTestId('notes-editor')).toHaveValue(`${P.script} ${P.img}`);

  // The texts are in the page as text, as typed (some sit in collapsed details).
  const shown = async (page: Page, text: string) =>
    expect(page.getByText(text, { exact: false }).first()).toBeAttached();
  await shown(view('chair'), `Heads of Customs ${P.img}`);
  await shown(view('chair'), `Laboratory ${P.link}`);
  await shown(view('chair'), `Uzbekistan ${P.img}`);
  await shown(view('chair'), `Kazakhstan ${P.link}`);
  await shown(view('chair'), `SG ${P.script}`);
  await shown(view('chair'), `Proposal ${P.img}`);
  await shown(view('chair'), `Live ${P.svg}`);
  await shown(view('chair'), `Decided ${P.img}`);
  await shown(view('chair'), P.template);
  await shown(view('secretariat'), `Decided ${P.img}`);
  await shown(view('delegate uz'), `Uzbekistan ${P.img}`);
  await shown(view('delegate uz'), `${P.script} ${P.entities}`);
  await shown(view('delegate kz (ru)'), `Казахстан ${P.svg}`);
  await shown(view('delegate kz (ru)'), `Лаборатория ${P.svg}`);
  await shown(view('observer'), `Laboratory ${P.link}`);
  await shown(view('projector'), `Decided ${P.img}`);
  await shown(view('projector'), `Решено ${P.script}`);
  await shown(view('observer'), `SG ${P.script}`);
  for (const [name, page] of views) await assertInert(page, name);

  // The minutes: HTML escapes every text (checked in the page too, without the CSP header);
  // Markdown escapes the markup characters.
  const htmlPage = await browser.newPage();
  for (const lang of ['en', 'ru', 'en%2Bru']) {
    const html = await request.get(`/api/meetings/${meeting.id}/minutes?format=html&lang=${lang}`, { headers: auth });
    expect(html.status()).toBe(200);
    const body = await html.text();
    for (const raw of ['<img src=x', '<script>window', '<svg onload', 'href="javascript:'])
      expect(body, `minutes (${lang}) hold raw ${raw}`).not.toContain(raw);
    expect(body).toContain('&lt;img src=x onerror=window.__xss=1&gt;');
    await htmlPage.setContent(body);
    expect(await htmlPage.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await htmlPage.locator(INJECTED).count()).toBe(0);
    if (lang === 'en') await expect(htmlPage.getByText(`Decided ${P.img}`).first()).toBeVisible();
  }
  await htmlPage.close();
  const md = await (
    await request.get(`/api/meetings/${meeting.id}/minutes?format=md&lang=en%2Bru`, { headers: auth })
  ).text();
  expect(md).toContain('Decided');
  expect(md, 'unescaped markup in the Markdown minutes').not.toMatch(/(^|[^\\])<(img|script|svg|a )/m);
  expect(md).not.toMatch(/(^|[^\\])\[click me\]/m);

  for (const [, page] of views) await page.context().close();
});
