// The browser walk: `node test/walk.mjs APP_URL NODE_URL OUT` (via `scripts/app-check walk`),
// run by the live-node test `the_web_app_walks_a_loan_in_chromium` on a node where `nuts deploy
// --examples` ran and `nuts app` serves.
//
// In Chromium (Debian's `chromium`, driven by playwright-core; nothing is downloaded):
// 1. Alice (a dev account) deposits 20000 USD (approve, then deposit) and offers a loan of
//    10000 USD through the lending form; the review shows the 10000 USD leaving her escrow.
// 2. Bob, in a second browser, sees it in the offer book with its terms worked out; his engage
//    with too little in escrow shows the typed error and sends nothing; he deposits GOLD and
//    engages (7500 GOLD leave); Alice's position shows the countdown; Bob repays 10300 USD.
// 3. Charlie signs a deposit through a wallet stand-in injected with the extension API.
// After each step the balances the page shows equal what the chain holds (read here through
// Polkadot.js, not through the app). Screenshots of the offer book, the offer form and a
// position go to OUT. Exits 1 naming the first failure.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { ContractPromise } from '@polkadot/api-contract';

const [appUrl, nodeUrl, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const started = Date.now();
const step = (text) => console.log(`walk ${((Date.now() - started) / 1000).toFixed(1)}s: ${text}`);
const fail = (text) => { throw new Error(text); };

const ctx = await (await fetch(`${appUrl}api/context`)).json();
const lending = ctx.domains.find((d) => d.contract === 'lending_v1') ?? fail('no lending_v1 domain');
const usd = ctx.tokens.find((t) => t.symbol === 'USD');
const gold = ctx.tokens.find((t) => t.symbol === 'GOLD');
const UNIT = 10n ** 12n;

// The chain, read apart from the app.
const api = await ApiPromise.create({ provider: new WsProvider(nodeUrl), noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri));
const escrowAbi = JSON.parse(readFileSync(join(process.env.NUTS_BUNDLES ?? 'bundles', 'instrument_escrow.contract'), 'utf8'));
const escrow = new ContractPromise(api, escrowAbi, lending.instrument_escrow.address);
const gasLimit = api.registry.createType('WeightV2', { refTime: 100_000_000_000n, proofSize: 2_000_000n });
async function held(who, token) {
  const { output } = await escrow.query['escrow::balanceOf'](who.address, { gasLimit }, who.address, token.asset);
  return BigInt(output.toJSON().ok ?? 0);
}
/** The page's escrow row for the lending domain comes to say exactly what the chain holds. */
async function agrees(page, who, label) {
  const expected = [];
  const absent = [];
  for (const token of [usd, gold]) {
    const units = await held(who, token);
    const whole = units / UNIT;
    const fraction = (units % UNIT).toString().padStart(12, '0').replace(/0+$/, '');
    if (units === 0n) absent.push(` ${token.symbol}`);
    else expected.push(`${whole}${fraction ? `.${fraction}` : ''} ${token.symbol}`);
  }
  const row = `[data-testid="escrow-${lending.domain}"] .holds`;
  const shows = ([selector, present, missing]) => {
    const text = document.querySelector(selector)?.textContent ?? '';
    return present.every((part) => text.split(', ').includes(part)) && !missing.some((part) => text.includes(part));
  };
  try {
    await page.waitForFunction(shows, [row, expected, absent], { timeout: 15_000 });
  } catch {
    fail(`${label}: the page shows "${await page.locator(row).innerText()}", the chain holds ${expected.join(', ') || 'nothing'}`);
  }
  step(`${label}: the page shows ${await page.locator(row).innerText()}, as the chain holds`);
}

// The flags keep Chromium off the network beyond loopback (CI's machine has none).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-proxy-server'],
});
const pages = [];
const ATTEMPTS = 3;
/** A new browser (context) on the app, once the page has started; `account` selected. */
async function open(account, init) {
  let page;
  for (let attempt = 1; !page; attempt += 1) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    if (init) await context.addInitScript(init.script, init.arg);
    const candidate = await context.newPage();
    // Generous: the walk runs beside other tests on 2 cores.
    candidate.setDefaultTimeout(90_000);
    candidate.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    const unanswered = new Map();
    candidate.on('request', (request) => unanswered.set(request, Date.now()));
    for (const settled of ['requestfinished', 'requestfailed']) candidate.on(settled, (request) => unanswered.delete(request));
    try {
      await candidate.goto(appUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await candidate.waitForSelector('body[data-ready]', { timeout: 60_000 });
      page = candidate;
    } catch (error) {
      const waiting = [...unanswered].map(([request, since]) => `${request.method()} ${request.url()} for ${((Date.now() - since) / 1000).toFixed(0)} s`);
      console.log(`walk: the page did not start (attempt ${attempt} of ${ATTEMPTS}): ${error.message.split('\n')[0]}; `
        + `requests unanswered: ${waiting.join(', ') || 'none'}`);
      await context.close();
      if (attempt === ATTEMPTS) throw error;
    }
  }
  pages.push(page);
  if ((await page.getAttribute('body', 'data-ready')) !== 'true') fail(await page.locator('#chain').innerText());
  if (account) {
    await page.selectOption('#account', account.address);
    await page.waitForSelector(`[data-testid="escrow-${lending.domain}"]`);
  }
  return page;
}
const SETTLED = '#status li[data-stage="in block"], #status li[data-stage="failed"]';
/** Signs each of the next `reviews` reviews that open, each once its call is in a block. */
async function sign(page, reviews = 1) {
  for (let i = 0; i < reviews; i += 1) {
    await page.waitForSelector('#review:not([hidden])');
    const failed = page.locator('#status li[data-stage="failed"]');
    const [before, failedBefore] = [await page.locator(SETTLED).count(), await failed.count()];
    await page.click('#review-sign');
    await page.waitForFunction(([selector, count]) => document.querySelectorAll(selector).length > count,
      [SETTLED, before], { timeout: 60_000 });
    if ((await failed.count()) > failedBefore) fail(`failed: ${await failed.first().innerText()}`);
  }
}
async function deposit(page, amount, symbol) {
  await page.selectOption('#deposit-domain', String(lending.domain));
  await page.fill('#deposit-amount', amount);
  await page.selectOption('#deposit-token', symbol);
  await page.click('#deposit');
  await sign(page, 2);
}

try {
  // 1. Alice deposits and offers.
  const maker = await open(alice);
  await deposit(maker, '20000', 'USD');
  await agrees(maker, alice, 'Alice deposited 20000 USD');
  await maker.selectOption('#offer-domain', String(lending.domain));
  const fields = {
    principal: '10000', principalToken: 'USD', collateralPercent: '150', collateralToken: 'GOLD',
    tenorDays: '30', dailyRatePercent: '0.1', offerDays: '7',
  };
  for (const [name, value] of Object.entries(fields)) await maker.fill(`#offer-fields input[name="${name}"]`, value);
  await maker.click('#review-offer');
  await maker.waitForSelector('#review:not([hidden])');
  const leaves = await maker.locator('#review-leaves').innerText();
  if (!leaves.includes('10000 USD')) fail(`the offer's review says "${leaves}"`);
  await maker.screenshot({ path: join(out, 'offer-form.png'), fullPage: true });
  await sign(maker);
  await agrees(maker, alice, 'Alice offered 10000 USD');
  const aliceUsd = await held(alice, usd);

  // 2. Bob sees it, is refused with too little in escrow, deposits, engages.
  const taker = await open(bob);
  const newest = taker.locator('#offers tbody tr').filter({ hasText: `domain ${lending.domain}, issuance` }).last();
  await newest.waitFor();
  const issuance = /issuance (\d+)/.exec(await newest.locator('td').first().innerText())[1];
  const row = taker.locator(`[data-testid="offer-${lending.domain}-${issuance}"]`);
  const worked = await row.locator('.worked').innerText();
  for (const part of ['principal 10000 USD', 'interest 300 USD', 'payoff 10300 USD', '7500 GOLD at today\'s price', 'APR 36.5%']) {
    if (!worked.includes(part)) fail(`the offer book says "${worked}", not "${part}"`);
  }
  step(`Bob sees the offer: ${worked}`);
  await taker.screenshot({ path: join(out, 'offer-book.png'), fullPage: true });
  const blocks = (await api.rpc.chain.getHeader()).number.toNumber();
  const bobGold = await held(bob, gold);
  await row.locator('button.engage').click();
  await taker.waitForSelector('#status li[data-stage="failed"]');
  const refused = await taker.locator('#status li').first().innerText();
  if (!refused.includes('TooLittleInEscrow') || !refused.includes('nothing was sent')) fail(`the refused engage says "${refused}"`);
  if (await taker.locator('#review:not([hidden])').count()) fail('a refused engage opened the review');
  if ((await held(bob, gold)) !== bobGold) fail('the refused engage moved GOLD');
  step(`an engage with too little in escrow: "${refused}" (block ${blocks}, nothing sent)`);
  await deposit(taker, '8000', 'GOLD');
  const bobGoldBefore = await held(bob, gold);
  await agrees(taker, bob, 'Bob deposited 8000 GOLD');
  await row.locator('button.engage').click();
  await taker.waitForSelector('#review:not([hidden])');
  const engageLeaves = await taker.locator('#review-leaves').innerText();
  if (!engageLeaves.includes('7500 GOLD')) fail(`the engage's review says "${engageLeaves}"`);
  await sign(taker);
  await agrees(taker, bob, 'Bob engaged (7500 GOLD posted, 10000 USD received)');

  // Alice's position counts down to the loan's due time.
  await maker.reload({ waitUntil: 'domcontentloaded' });
  await maker.waitForSelector('body[data-ready="true"]');
  await maker.selectOption('#account', alice.address);
  const position = maker.locator(`[data-testid="position-${lending.domain}-${issuance}"]`);
  await position.waitFor();
  const countdown = await position.locator('.countdown').innerText();
  if (!/^29d 23h/.test(countdown) && !/^30d/.test(countdown)) fail(`the position's countdown says "${countdown}"`);
  step(`Alice's position: due in ${countdown}`);
  await maker.screenshot({ path: join(out, 'position.png'), fullPage: true });

  // Bob repays 10300 USD: 300 more deposited first.
  await deposit(taker, '300', 'USD');
  const repay = taker.locator('#positions button.repay').first();
  await repay.waitFor();
  if (!(await repay.innerText()).includes('10300 USD')) fail(`the repay button says "${await repay.innerText()}"`);
  await repay.click();
  await sign(taker);
  await agrees(taker, bob, 'Bob repaid 10300 USD');
  await agrees(maker, alice, 'Alice got 10300 USD back');
  if ((await held(alice, usd)) !== aliceUsd + 10300n * UNIT) fail('Alice did not get 10300 USD back');
  if ((await held(bob, gold)) !== bobGoldBefore) fail('Bob did not get his 7500 GOLD back');

  // 3. Charlie signs through a wallet stand-in injected with the extension API.
  const standIn = {
    script: ({ address }) => {
      globalThis.injectedWeb3 = {
        'stand-in': {
          version: '1.0.0',
          enable: async () => ({
            accounts: { get: async () => [{ address, name: 'Charlie', type: 'sr25519' }], subscribe: () => () => {} },
            signer: {
              signPayload: async (payload) => {
                const pair = new globalThis.polkadotKeyring.Keyring({ type: 'sr25519' }).addFromUri('//Charlie');
                const registry = globalThis.nutsApi.registry;
                const extrinsic = registry.createType('ExtrinsicPayload', payload, { version: payload.version });
                globalThis.standInSigned = (globalThis.standInSigned ?? 0) + 1;
                return { id: 1, ...extrinsic.sign(pair) };
              },
            },
          }),
        },
      };
    },
    arg: { address: charlie.address },
  };
  const wallet = await open(null, standIn);
  await wallet.click('#connect-wallet');
  await wallet.waitForFunction((address) => document.querySelector('#account').value === address, charlie.address);
  await wallet.waitForSelector(`[data-testid="escrow-${lending.domain}"]`);
  await deposit(wallet, '25.5', 'USD');
  const signed = await wallet.evaluate(() => globalThis.standInSigned);
  if (signed !== 2) fail(`the wallet stand-in signed ${signed} times, not 2`);
  await agrees(wallet, charlie, 'Charlie deposited 25.5 USD through the wallet stand-in');
  step(`browser walk passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`browser walk failed: ${error.message}`);
  for (const [i, page] of pages.entries()) {
    console.error(`page ${i} activity:\n${await page.locator('#status').innerText().catch(() => '?')}`);
    await page.screenshot({ path: join(out, `failed-${i}.png`), fullPage: true }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await browser.close();
  await api.disconnect();
}
