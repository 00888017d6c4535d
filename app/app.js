// The NUTS Platform web app: the offer book, balances, offers, engagements and repayments.
//
// Reads through `nuts app`'s JSON API (the offer book, balances, positions, dry runs), encodes
// every call from the bundles' metadata (forms.js, @polkadot/api-contract) and signs in the
// browser: a wallet extension (@polkadot/extension-dapp), or on a development chain a dev
// account. Every manager call is dry-run first with the whole escrow balance as the spending
// limit; what would leave the escrow account is shown before the signature and becomes the
// exact spending limit. Amounts are BigInt or decimal strings throughout.

import {
  FormError, amount, callData, formBytes, formatUnits, multiEngagementCall, offerCall, parseWhole,
  repaymentCall,
} from './forms.js';

const { ApiPromise, WsProvider, Keyring } = globalThis.polkadotApi;
const { Abi } = globalThis.polkadotApiContract;
const util = globalThis.polkadotUtil;
const { cryptoWaitReady } = globalThis.polkadotUtilCrypto;
const dapp = globalThis.polkadotExtensionDapp;

const $ = (selector) => document.querySelector(selector);
const MANAGER = 'instrument_manager_v1'; // every manager version has the same messages
const KINDS = {
  lending_v1: 'lending', lending_v2: 'lending', lending_v3: 'lending', borrowing_v1: 'borrowing',
  spot_swap_v1: 'spot swap', multi_swap_v2: 'multi-swap',
};
const state = { ctx: null, api: null, abis: {}, accounts: [], me: null, clock: { chain: 0, local: 0 } };

async function get(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error);
  return body;
}

async function post(path, value) {
  const response = await fetch(path, { method: 'POST', body: JSON.stringify(value) });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error);
  return body;
}

async function abi(name) {
  state.abis[name] ??= new Abi(await get(`bundles/${name}.contract`));
  return state.abis[name];
}

/** The chain's clock now: its last reading plus the time since (the page counts down on it). */
const chainNow = () => state.clock.chain + (Date.now() - state.clock.local);
const setClock = (ms) => { state.clock = { chain: Number(ms), local: Date.now() }; };

function left(due) {
  const ms = Number(due) - chainNow();
  if (ms <= 0) return 'due';
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor((ms % 86_400_000) / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${days}d ${hours}h ${minutes}m ${seconds}s`;
}

const domainOf = (id) => state.ctx.domains.find((d) => d.domain === Number(id));
const kindOf = (domain) => KINDS[domain.contract] ?? domain.contract ?? 'unknown';
const short = (address) => `${address.slice(0, 6)}…${address.slice(-4)}`;
const nameOf = (address) => state.accounts.find((a) => a.address === address)?.name ?? short(address);

/** `line` with the accounts the page knows by name: you, and the other accounts offered. */
function named(line) {
  return line.replace(/\b5[1-9A-HJ-NP-Za-km-z]{47}\b/g, (address) => (
    address === state.me?.address ? 'you' : nameOf(address)));
}

function say(title) {
  const item = document.createElement('li');
  item.innerHTML = '<b></b> <span class="state"></span> <span class="detail"></span>';
  item.querySelector('b').textContent = title;
  $('#status').prepend(item);
  return (stage, detail = '') => {
    item.className = stage;
    item.dataset.stage = stage;
    item.querySelector('.state').textContent = stage;
    item.querySelector('.detail').textContent = detail;
  };
}

// ---- accounts ------------------------------------------------------------------------------

async function loadAccounts() {
  state.accounts = [];
  if (state.ctx.dev) {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    for (const name of ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']) {
      const pair = keyring.addFromUri(`//${name}`);
      state.accounts.push({ name: `${name} (dev)`, address: pair.address, pair });
    }
  }
  fillAccounts();
}

async function connectWallet() {
  const extensions = await dapp.web3Enable('NUTS Platform');
  if (!extensions.length) {
    say('Connect a browser wallet')('failed', 'no wallet extension (polkadot{.js}, Talisman, SubWallet) answered');
    return;
  }
  for (const account of await dapp.web3Accounts()) {
    const { signer } = await dapp.web3FromAddress(account.address);
    const name = `${account.meta.name ?? short(account.address)} (${account.meta.source})`;
    // The wallet signs for an account it holds, in place of a dev key of the same address.
    state.accounts = state.accounts.filter((a) => a.address !== account.address);
    state.accounts.push({ name, address: account.address, signer });
  }
  fillAccounts(state.accounts.find((a) => a.signer)?.address);
}

function fillAccounts(pick) {
  const select = $('#account');
  select.replaceChildren(...state.accounts.map((a) => new Option(a.name, a.address)));
  if (pick) select.value = pick;
  state.me = state.accounts.find((a) => a.address === select.value) ?? null;
  refresh();
}

// ---- reading -------------------------------------------------------------------------------

async function refresh() {
  const book = get('api/offers');
  const context = get('api/context');
  setClock((await context).now_ms);
  renderOffers(await book);
  const me = state.me;
  if (!me) return;
  const [balances, positions] = await Promise.all([
    get(`api/balances?account=${me.address}`),
    get(`api/positions?account=${me.address}`),
  ]);
  // Another account was picked meanwhile: its own refresh shows it.
  if (state.me !== me) return;
  renderBalances(balances);
  renderPositions(positions);
}

const words = (amounts) => (amounts.length ? amounts.map((a) => a.amount).join(', ') : 'nothing');

function renderBalances(balances) {
  const rows = [['wallet', words(balances.wallet.filter((a) => a.units !== '0')), 'wallet']];
  for (const domain of state.ctx.domains) {
    const held = balances.instrument_escrows.find((e) => e.domain === domain.domain)?.holds ?? [];
    rows.push([`domain ${domain.domain} (${kindOf(domain)}) escrow`, words(held), `escrow-${domain.domain}`]);
  }
  $('#balances tbody').replaceChildren(...rows.map(([where, holds, id]) => {
    const row = document.createElement('tr');
    row.dataset.testid = id;
    row.innerHTML = '<td></td><td class="holds"></td>';
    row.children[0].textContent = where;
    row.children[1].textContent = holds;
    return row;
  }));
}

function workedOut(offer) {
  const t = offer.terms_exact;
  if (t.principal) {
    const collateral = t.collateral
      ? `${t.collateral.amount}${t.collateral_posted ? ' posted' : ' at today\'s price'}`
      : 'no oracle price';
    return `principal ${t.principal.amount}; interest ${t.interest.amount}; payoff ${t.payoff.amount}; `
      + `collateral ${collateral}; APR ${t.apr_percent}%`;
  }
  const fill = `${(offer.completion_basis_points / 100).toFixed(2)}% filled`;
  const rest = offer.kind === 'multi-swap'
    ? `; ${fill}; ${t.still_to_take.amount} still to take, ${t.min_per_taker.amount} to ${t.max_per_taker.amount} per taker`
    : '';
  return `gives ${t.gives.amount} for ${t.asks.amount}${rest}`;
}

function assetsOf(offer) {
  const t = offer.terms_exact;
  return [t.principal, t.collateral, t.gives, t.asks].filter(Boolean).map((a) => a.asset);
}

function renderOffers(book) {
  const kind = $('#filter-kind').value;
  const asset = $('#filter-asset').value;
  const shown = book.filter((o) => (!kind || o.kind === kind) && (!asset || assetsOf(o).includes(asset)));
  $('#offers tbody').replaceChildren(...shown.map((offer) => {
    const row = document.createElement('tr');
    row.dataset.testid = `offer-${offer.domain}-${offer.issuance}`;
    row.innerHTML = '<td></td><td></td><td></td><td></td><td class="worked"></td><td class="countdown"></td><td class="act"></td>';
    const cells = row.children;
    cells[0].textContent = `domain ${offer.domain}, issuance ${offer.issuance}`;
    cells[1].textContent = `${offer.kind} (${offer.version})`;
    cells[2].textContent = nameOf(offer.maker);
    cells[3].textContent = offer.terms;
    cells[4].textContent = workedOut(offer);
    cells[5].dataset.due = offer.expires_ms;
    const button = document.createElement('button');
    button.textContent = 'Engage';
    button.className = 'engage';
    let output = null;
    if (offer.kind === 'multi-swap') {
      output = document.createElement('input');
      output.placeholder = `you pay (${offer.terms_exact.asks.asset})`;
      output.className = 'output';
      cells[6].append(output);
    }
    button.onclick = () => engage(offer, output?.value);
    if (offer.maker === state.me?.address) {
      cells[6].textContent = 'your offer';
      output?.remove();
    } else {
      cells[6].append(button);
    }
    return row;
  }));
  if (!shown.length) {
    const row = document.createElement('tr');
    row.innerHTML = '<td colspan="7" class="hint"></td>';
    row.firstChild.textContent = book.length ? 'no open offer matches the filters' : 'no open offers';
    $('#offers tbody').append(row);
  }
  tick();
}

function renderPositions({ positions, now_ms: now }) {
  setClock(now);
  $('#positions').replaceChildren(...positions.map((p) => {
    const card = document.createElement('article');
    card.dataset.testid = `position-${p.domain}-${p.issuance}`;
    card.innerHTML = '<h3></h3><p class="terms"></p><p class="due"></p><div class="acts"></div><ul class="history"></ul>';
    const engagements = p.engagements.map((e) => `engagement ${e.engagement}: ${e.state}`).join('; ');
    card.querySelector('h3').textContent = `${p.kind ?? 'issuance'} ${p.issuance} of domain ${p.domain}: `
      + `${p.role}, ${p.state}${engagements ? ` (${engagements})` : ''}`;
    card.querySelector('.terms').textContent = p.terms ?? '';
    const due = card.querySelector('.due');
    if (p.due_ms) {
      due.innerHTML = `${p.kind === 'borrowing' ? 'repayment' : 'loan'} due in <span class="countdown"></span>`;
      due.querySelector('.countdown').dataset.due = p.due_ms;
    } else if (p.open && p.issuance_due_ms) {
      due.innerHTML = 'open to takers for <span class="countdown"></span>';
      due.querySelector('.countdown').dataset.due = p.issuance_due_ms;
    }
    const acts = card.querySelector('.acts');
    const button = (label, className, action) => {
      const b = document.createElement('button');
      b.textContent = label;
      b.className = className;
      b.onclick = action;
      acts.append(b);
      return b;
    };
    if (p.repay) {
      const b = button(`Repay ${p.repay.owed.amount}`, 'repay', () => repay(p));
      b.dataset.due = p.due_ms;
    }
    if (p.role === 'maker' && p.open && !p.engaged) {
      button('Cancel', 'cancel', () => cancel(p));
      const days = document.createElement('input');
      days.className = 'renew-days';
      days.placeholder = 'days';
      days.size = 4;
      acts.append(days);
      button('Renew', 'renew', () => renew(p, days.value));
    }
    if (p.closable) button('Close', 'close', () => close(p));
    button('History', 'history', () => history(p, card.querySelector('.history')));
    return card;
  }));
  tick();
}

async function history(p, list) {
  const shown = await get(`api/show?domain=${p.domain}&issuance=${p.issuance}`);
  list.replaceChildren(...shown.history.map((line) => {
    const item = document.createElement('li');
    item.textContent = named(line);
    return item;
  }));
}

/** Every countdown once a second; a repay button turns off at its due time. */
function tick() {
  document.querySelectorAll('.countdown').forEach((cell) => { cell.textContent = left(cell.dataset.due); });
  document.querySelectorAll('button.repay').forEach((b) => {
    if (Number(b.dataset.due) <= chainNow()) {
      b.disabled = true;
      b.title = 'the due time has passed: the loan defaults when the keeper fires it';
    }
  });
}

// ---- acting --------------------------------------------------------------------------------

/**
 * Resolves when the user signs in the review panel, rejects on Back (or when another review
 * replaces it). `managed`: a manager call, which carries a spending limit.
 */
function review(title, dry, what, managed) {
  state.review?.(new Error('replaced by another review'));
  $('#review-title').textContent = title;
  $('#review-leaves').textContent = what ?? `Leaves your instrument-escrow account: ${dry.leaves_words} (fees included)`;
  let limit = 'No spending limit: this call moves only what it says';
  if (managed) {
    limit = dry.limit.length
      ? `Spending limit: exactly ${dry.leaves_words}; the call fails if it would take more`
      : 'Spending limit: none (nothing may leave your escrow account)';
  }
  $('#review-limit').textContent = limit;
  $('#review-events').replaceChildren(...dry.events.map((line) => {
    const item = document.createElement('li');
    item.textContent = named(line);
    return item;
  }));
  $('#review').hidden = false;
  return new Promise((resolve, reject) => {
    const done = () => { $('#review').hidden = true; state.review = null; };
    state.review = (error) => { done(); reject(error); };
    $('#review-sign').onclick = () => { done(); resolve(); };
    $('#review-back').onclick = () => { done(); reject(new Error('you went back')); };
  });
}

/**
 * One call the safe way: a dry run (with the whole escrow balance as the spending limit for
 * manager calls), the review, then the call with the exact limit, its progress in the activity
 * list. `args(limit)` gives the message's arguments. Returns whether it went in.
 */
async function act({ title, contract, bundle, message, args, domain, what }) {
  if (!state.me) { say(title)('failed', 'pick an account first'); return false; }
  const status = say(title);
  try {
    status('dry run');
    const whole = domain ? await get(`api/limit?domain=${domain}&account=${state.me.address}`) : null;
    const contractAbi = await abi(bundle);
    const dry = await post('api/dry-run', {
      account: state.me.address, contract, input: callData(contractAbi, util, message, args(whole)),
    });
    if (!dry.ok) { status('failed', `${dry.error}; nothing was sent`); return false; }
    status('review', `leaves your escrow account: ${dry.leaves_words}`);
    try {
      await review(title, dry, what, Boolean(domain));
    } catch (error) {
      status('not sent', `${error.message}; nothing was sent`);
      return false;
    }
    const input = callData(contractAbi, util, message, args(dry.limit));
    await send(contract, input, dry, status);
    return true;
  } catch (error) {
    status('failed', error instanceof FormError ? error.message : `${error.message}`);
    return false;
  } finally {
    refresh();
  }
}

function send(contract, input, dry, status) {
  const api = state.api;
  const gas = api.registry.createType('WeightV2', {
    refTime: dry.gas_limit.ref_time, proofSize: dry.gas_limit.proof_size,
  });
  const tx = api.tx.contracts.call(contract, 0, gas, dry.storage_deposit_limit, input);
  const who = state.me.pair ?? state.me.address;
  const options = state.me.signer ? { signer: state.me.signer } : {};
  status('pending', 'waiting for the signature and the block');
  return new Promise((resolve, reject) => {
    tx.signAndSend(who, options, ({ status: txStatus, dispatchError }) => {
      if (dispatchError) {
        let why = dispatchError.toString();
        if (dispatchError.isModule) {
          const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
          why = `${section}.${name}: ${docs.join(' ')}`;
        }
        status('failed', why);
        reject(new Error(why));
      } else if (txStatus.isInBlock) {
        status('in block', `block ${txStatus.asInBlock.toHex().slice(0, 10)}…`);
        resolve();
      }
    }).catch((error) => { status('failed', error.message); reject(error); });
  });
}

const manager = (domain) => domainOf(domain).manager.address;
const bytes = (call) => state.abis[call.bundle] ? formBytes(state.abis[call.bundle], util, call) : null;

async function deposit() {
  const domain = domainOf($('#deposit-domain').value);
  const typed = amount('amount', $('#deposit-amount').value, $('#deposit-token').value, state.ctx.tokens);
  const escrow = domain.instrument_escrow.address;
  const shown = `${formatUnits(typed.units, typed.token.decimals)} ${typed.token.symbol}`;
  // Approving more than the wallet holds would leave an approval and fail at step 2.
  const balances = await get(`api/balances?account=${state.me.address}`);
  const wallet = balances.wallet.find((a) => a.asset === typed.token.symbol);
  if (!wallet || BigInt(wallet.units) < typed.units) {
    say(`Deposit ${shown}`)('failed', `your wallet holds ${wallet?.amount ?? 'none'}; nothing was sent`);
    return;
  }
  const approved = await act({
    title: `Deposit, step 1 of 2: approve domain ${domain.domain}'s escrow for ${shown}`,
    contract: typed.token.account.address, bundle: 'test_token', message: 'PSP22::approve',
    args: () => [escrow, typed.units.toString()],
    what: `Lets the escrow take ${shown} from your wallet (step 2 takes it)`,
  });
  if (!approved) return;
  await act({
    title: `Deposit, step 2 of 2: ${shown} into domain ${domain.domain}'s escrow`,
    contract: escrow, bundle: 'instrument_escrow', message: 'InstrumentEscrow::deposit',
    args: () => [typed.asset, typed.units.toString()],
    what: `Moves ${shown} from your wallet to your account in the escrow`,
  });
}

async function withdraw() {
  const domain = domainOf($('#deposit-domain').value);
  const typed = amount('amount', $('#deposit-amount').value, $('#deposit-token').value, state.ctx.tokens);
  const shown = `${formatUnits(typed.units, typed.token.decimals)} ${typed.token.symbol}`;
  await act({
    title: `Withdraw ${shown} from domain ${domain.domain}'s escrow`,
    contract: domain.instrument_escrow.address, bundle: 'instrument_escrow',
    message: 'InstrumentEscrow::withdraw', args: () => [typed.asset, typed.units.toString()],
    what: `Moves ${shown} from your escrow account to your wallet`,
  });
}

const OFFER_FIELDS = {
  loan: [
    ['principal', 'principal', '10000'], ['principalToken', 'principal token', 'USD'],
    ['collateralPercent', 'collateral, % of the principal', '150'], ['collateralToken', 'collateral token', 'GOLD'],
    ['collateralBound', 'collateral bound (optional)', ''], ['tenorDays', 'tenor, days', '30'],
    ['dailyRatePercent', 'interest, % per day', '0.1'], ['offerDays', 'open to takers, days', '7'],
  ],
  swap: [
    ['give', 'you give', '100'], ['giveToken', 'token you give', 'USD'], ['get', 'you get, in all', '50'],
    ['getToken', 'token you get', 'GOLD'], ['offerDays', 'open to takers, days', '7'],
  ],
  multi: [['minOutput', 'least one taker pays', '10'], ['maxOutput', 'most one taker pays', '30']],
};

function renderOfferForm() {
  const domain = domainOf($('#offer-domain').value);
  if (!domain) return;
  const kind = kindOf(domain);
  const fields = kind === 'lending' || kind === 'borrowing'
    ? OFFER_FIELDS.loan
    : [...OFFER_FIELDS.swap, ...(kind === 'multi-swap' ? OFFER_FIELDS.multi : [])];
  $('#offer-fields').replaceChildren(...fields.map(([name, label, example]) => {
    const wrap = document.createElement('label');
    wrap.textContent = label;
    const input = document.createElement('input');
    input.name = name;
    input.value = example;
    input.dataset.field = name;
    wrap.append(input);
    return wrap;
  }));
}

async function makeOffer() {
  const domain = domainOf($('#offer-domain').value);
  const kind = kindOf(domain);
  const fields = {};
  document.querySelectorAll('#offer-fields input').forEach((input) => { fields[input.name] = input.value; });
  let call;
  try {
    call = offerCall(kind, fields, state.ctx.tokens);
  } catch (error) {
    say(`Offer on domain ${domain.domain}`)('failed', `${error.message}; nothing was sent`);
    return;
  }
  await abi(call.bundle);
  const params = bytes(call);
  await act({
    title: `Offer (${kind}) on domain ${domain.domain}`,
    contract: manager(domain.domain), bundle: MANAGER, message: 'InstrumentManager::create_issuance',
    domain: domain.domain, args: (limit) => [params, limit],
  });
}

async function engage(offer, output) {
  let params = '0x';
  if (offer.kind === 'multi-swap') {
    const token = offer.terms_exact.asks.asset;
    try {
      const typed = amount('you pay', output, token, state.ctx.tokens);
      await abi('swap_forms');
      params = bytes(multiEngagementCall(typed.units));
    } catch (error) {
      say(`Engage issuance ${offer.issuance}`)('failed', `${error.message}; nothing was sent`);
      return;
    }
  }
  await act({
    title: `Engage issuance ${offer.issuance} of domain ${offer.domain} (${offer.kind})`,
    contract: manager(offer.domain), bundle: MANAGER, message: 'InstrumentManager::engage_issuance',
    domain: offer.domain, args: (limit) => [offer.issuance, params, limit],
  });
}

async function repay(p) {
  await abi('lending_forms');
  const payload = bytes(repaymentCall(p.repay.owed.units));
  await act({
    title: `Repay ${p.repay.owed.amount} on issuance ${p.issuance} of domain ${p.domain}`,
    contract: manager(p.domain), bundle: MANAGER, message: 'InstrumentManager::process_custom_event',
    domain: p.domain,
    args: (limit) => [p.issuance, p.repay.engagement, state.ctx.names.repay, payload, limit],
  });
}

async function cancel(p) {
  await act({
    title: `Cancel issuance ${p.issuance} of domain ${p.domain}`,
    contract: manager(p.domain), bundle: MANAGER, message: 'InstrumentManager::process_custom_event',
    domain: p.domain, args: (limit) => [p.issuance, null, state.ctx.names.cancel, '0x', limit],
  });
}

async function renew(p, typed) {
  let days;
  try {
    days = parseWhole('renew by, days', typed, 1, 14);
  } catch (error) {
    say(`Renew issuance ${p.issuance}`)('failed', `${error.message}; nothing was sent`);
    return;
  }
  const managerAbi = await abi(MANAGER);
  const params = managerAbi.registry.createType('u32', days).toHex(true);
  await act({
    title: `Renew issuance ${p.issuance} of domain ${p.domain} by ${days} days`,
    contract: manager(p.domain), bundle: MANAGER, message: 'InstrumentManager::renew_issuance',
    domain: p.domain, args: (limit) => [p.issuance, params, limit],
  });
}

async function close(p) {
  await act({
    title: `Close issuance ${p.issuance} of domain ${p.domain}`,
    contract: manager(p.domain), bundle: MANAGER, message: 'InstrumentManager::close_issuance',
    args: () => [p.issuance],
    what: 'Frees the issuance\'s storage: the storage deposits your calls paid come back to you',
  });
}

// ---- start ---------------------------------------------------------------------------------

async function start() {
  state.ctx = await get('api/context');
  setClock(state.ctx.now_ms);
  await cryptoWaitReady();
  state.api = await ApiPromise.create({ provider: new WsProvider(state.ctx.url), noInitWarn: true });
  globalThis.nutsApi = state.api; // for the console, and a wallet stand-in's registry in the tests
  $('#chain').textContent = `${state.ctx.chain} at ${state.ctx.url}${state.ctx.dev ? ' (development chain: dev accounts offered)' : ''}`;
  const domains = state.ctx.domains.filter((d) => d.active);
  const options = (list) => list.map((d) => new Option(`domain ${d.domain}: ${kindOf(d)}`, d.domain));
  $('#deposit-domain').replaceChildren(...options(state.ctx.domains));
  $('#offer-domain').replaceChildren(...options(domains));
  const symbols = state.ctx.tokens.map((t) => t.symbol);
  $('#deposit-token').replaceChildren(...symbols.map((s) => new Option(s, s)));
  $('#filter-asset').append(...symbols.map((s) => new Option(s, s)));
  renderOfferForm();
  $('#offer-domain').onchange = renderOfferForm;
  $('#review-offer').onclick = makeOffer;
  $('#deposit').onclick = () => deposit().catch((e) => say('Deposit')('failed', e.message));
  $('#withdraw').onclick = () => withdraw().catch((e) => say('Withdraw')('failed', e.message));
  $('#account').onchange = () => fillAccounts($('#account').value);
  $('#connect-wallet').onclick = connectWallet;
  $('#filter-kind').onchange = refresh;
  $('#filter-asset').onchange = refresh;
  await loadAccounts();
  setInterval(tick, 1000);
  // What others do shows without a reload: a refresh per new block, at most one at a time.
  let refreshing = false;
  await state.api.rpc.chain.subscribeNewHeads(() => {
    if (refreshing) return;
    refreshing = true;
    refresh().finally(() => { refreshing = false; });
  });
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  $('#chain').textContent = `could not start: ${error.message}`;
  document.body.dataset.ready = 'failed';
});
