// The web app's forms: what a person types, to the exact bytes the manager takes.
//
// Shared by the page (app.js) and the node-free test (test/forms.test.mjs), so that what is
// tested is what the page sends. No Polkadot.js import here: the caller passes the bundles'
// `Abi` objects, whose metadata gives every SCALE type (no hand-written type definitions).
// Amounts are BigInt from the digits typed, never JS numbers.

/** Why a typed value was refused; `field` names the form field. */
export class FormError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

const U128_MAX = (1n << 128n) - 1n;

/**
 * `text` (digits, at most one `.`) scaled by 10^`decimals`, exactly, as a BigInt: `"1.5"` at 12
 * decimals is 1500000000000n. Errors: empty, not a number, negative, more decimal places than
 * `decimals`, over u128.
 */
export function parseScaled(field, text, decimals) {
  const typed = String(text ?? '').trim().replace(/_/g, '');
  if (typed === '') throw new FormError(field, 'empty');
  if (typed.startsWith('-')) throw new FormError(field, 'negative');
  const match = /^(\d*)(?:\.(\d*))?$/.exec(typed);
  if (!match || (match[1] === '' && !match[2])) throw new FormError(field, `"${typed}" is not a number`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > decimals) {
    throw new FormError(field, `at most ${decimals} decimal places`);
  }
  const value = BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  if (value > U128_MAX) throw new FormError(field, 'too large');
  return value;
}

/** `units` (a BigInt or its decimal string) of a token with `decimals`, as digits: 1500000000000n at 12 is "1.5". */
export function formatUnits(units, decimals) {
  const value = BigInt(units);
  const scale = 10n ** BigInt(decimals);
  const fraction = (value % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction ? `${value / scale}.${fraction}` : `${value / scale}`;
}

/** A whole number typed in a form, within `[min, max]` (u32 fields: days, basis points). */
export function parseWhole(field, text, min = 0, max = 2 ** 32 - 1) {
  const value = parseScaled(field, text, 0);
  if (value < BigInt(min) || value > BigInt(max)) throw new FormError(field, `between ${min} and ${max}`);
  return Number(value);
}

/** The token of `symbol` among `tokens` (`/api/context`'s list). */
export function token(field, symbol, tokens) {
  const found = tokens.find((t) => t.symbol.toLowerCase() === String(symbol).trim().toLowerCase());
  if (!found) throw new FormError(field, `no token "${symbol}" here (${tokens.map((t) => t.symbol).join(', ')})`);
  return found;
}

/** An amount typed in `symbol`'s units: `{ asset, units }` (units a BigInt). */
export function amount(field, text, symbol, tokens) {
  const t = token(field, symbol, tokens);
  return { token: t, asset: t.asset, units: parseScaled(field, text, t.decimals) };
}

/**
 * The forms message and its typed argument for an offer of `kind` ("lending", "borrowing",
 * "spot swap", "multi-swap") from the fields a person typed:
 * - loans: principal, principalToken, collateralPercent (150 = 150%), collateralToken,
 *   collateralBound (optional, in the collateral token), tenorDays, dailyRatePercent (0.1 =
 *   0.1%/day), offerDays;
 * - swaps: give, giveToken, get, getToken, offerDays; multi-swap also minOutput, maxOutput
 *   (in getToken).
 * Returns `{ bundle, message, args, leaves }`: `leaves` is what the offer locks in the
 * maker's escrow (fees aside), for the page's words.
 */
export function offerCall(kind, fields, tokens) {
  const days = (field, text) => parseWhole(field, text, 1, 365);
  if (kind === 'lending' || kind === 'borrowing') {
    const principal = amount('principal', fields.principal, fields.principalToken, tokens);
    const collateral = token('collateral token', fields.collateralToken, tokens);
    const bound = String(fields.collateralBound ?? '').trim();
    return {
      bundle: 'lending_forms',
      message: 'offer',
      args: [{
        lendingAsset: principal.asset,
        principal: principal.units.toString(),
        collateralAsset: collateral.asset,
        // Percent with up to 2 decimals, in basis points.
        collateralRatio: Number(parseScaled('collateral', fields.collateralPercent, 2)),
        collateralBound: (bound ? parseScaled('collateral bound', bound, collateral.decimals) : 0n).toString(),
        tenorDays: days('tenor', fields.tenorDays),
        // Percent per day with up to 4 decimals, in millionths per day.
        interestRate: Number(parseScaled('interest', fields.dailyRatePercent, 4)),
        issuanceDurationDays: days('offer open for', fields.offerDays),
      }],
    };
  }
  const give = amount('give', fields.give, fields.giveToken, tokens);
  const get = amount('get', fields.get, fields.getToken, tokens);
  const swap = {
    inputAsset: give.asset,
    inputAmount: give.units.toString(),
    outputAsset: get.asset,
    outputAmount: get.units.toString(),
    issuanceDurationDays: days('offer open for', fields.offerDays),
  };
  if (kind === 'spot swap') return { bundle: 'swap_forms', message: 'spot_offer', args: [swap] };
  if (kind === 'multi-swap') {
    const min = amount('least per taker', fields.minOutput, fields.getToken, tokens);
    const max = amount('most per taker', fields.maxOutput, fields.getToken, tokens);
    return {
      bundle: 'swap_forms',
      message: 'multi_offer',
      args: [{ swap, minOutput: min.units.toString(), maxOutput: max.units.toString() }],
    };
  }
  throw new FormError('instrument', `no form for "${kind}"`);
}

/** A multi-swap engagement paying `output` (BigInt units): the forms call. */
export function multiEngagementCall(output) {
  return { bundle: 'swap_forms', message: 'multi_engagement', args: [output.toString()] };
}

/** A loan repayment of `owed` (BigInt or decimal string, units): the forms call. */
export function repaymentCall(owed) {
  return { bundle: 'lending_forms', message: 'repayment', args: [owed.toString()] };
}

/**
 * The bytes a forms message's typed arguments encode to, as `0x` hex: what the manager takes
 * as the offer or payload (the forms' messages return exactly their arguments' encoding). `abi`
 * is the forms bundle's Polkadot.js `Abi`, `util` is `@polkadot/util`.
 */
export function formBytes(abi, util, { message, args }) {
  return `0x${callData(abi, util, message, args).slice(10)}`;
}

/**
 * The call data (selector and arguments, `0x` hex) of `message` (its identifier, such as
 * `InstrumentManager::create_issuance`) with `args`, from the contract's `abi`.
 */
export function callData(abi, util, message, args) {
  // Polkadot.js prefixes the call data with its compact length.
  const [, data] = util.compactStripLength(abi.findMessage(message).toU8a(args));
  return util.u8aToHex(data);
}
