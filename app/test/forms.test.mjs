// The web app's form encoding, without a node: `node test/forms.test.mjs <bundles dir> <cases.json>`.
//
// Each case is an offer, repayment or multi-swap engagement as a person types it in the page's
// forms (`{ "kind", "fields", "tokens", "expected" }`, written by the Rust test
// `the_web_apps_forms_encode_as_the_rust_client_does` with the Rust client's bytes as
// `expected`). The page's own code (forms.js) encodes it from the bundles' metadata; the bytes
// must be equal. Then the typed values the forms refuse, each with its field named. Exits 1
// naming every failure.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Abi } from '@polkadot/api-contract';
import * as util from '@polkadot/util';
import {
  FormError, formBytes, formatUnits, multiEngagementCall, offerCall, parseScaled, repaymentCall,
} from '../forms.js';

const [dir, casesFile] = process.argv.slice(2);
const abis = {};
const abi = (bundle) => {
  abis[bundle] ??= new Abi(JSON.parse(readFileSync(join(dir, `${bundle}.contract`), 'utf8')));
  return abis[bundle];
};
const failures = [];
let equal = 0;
for (const { kind, fields, tokens, expected } of JSON.parse(readFileSync(casesFile, 'utf8'))) {
  try {
    let call;
    if (kind === 'repayment') call = repaymentCall(parseScaled('owed', fields.owed, 12));
    else if (kind === 'multi-swap engagement') call = multiEngagementCall(parseScaled('output', fields.output, 12));
    else call = offerCall(kind, fields, tokens);
    const encoded = formBytes(abi(call.bundle), util, call);
    if (encoded === expected) equal += 1;
    else failures.push(`${kind}: the page encodes ${encoded}, the Rust client ${expected}`);
  } catch (error) {
    failures.push(`${kind}: ${error.message}`);
  }
}
console.log(`app forms: ${equal} offers and payloads typed in the page's forms equal the Rust client's bytes`);

// Exact amounts, and the refusals, each naming its field.
const exact = [
  [parseScaled('a', '1.5', 12), 1_500_000_000_000n],
  [parseScaled('a', '340282366920938463463374607431768211455', 0), (1n << 128n) - 1n],
  [parseScaled('a', '0.000000000001', 12), 1n],
  [formatUnits('10300000000000000', 12), '10300'],
  [formatUnits(1_500_000_000_001n, 12), '1.500000000001'],
];
exact.forEach(([got, want], i) => { if (got !== want) failures.push(`exact ${i}: ${got} != ${want}`); });
const refused = [
  ['1.0000000000001', 12, 'at most 12 decimal places'],
  ['-1', 12, 'negative'],
  ['', 12, 'empty'],
  ['1e3', 12, 'is not a number'],
  ['340282366920938463463374607431768211456', 0, 'too large'],
];
for (const [text, decimals, why] of refused) {
  try {
    parseScaled('principal', text, decimals);
    failures.push(`"${text}" was accepted`);
  } catch (error) {
    if (!(error instanceof FormError) || !error.message.includes(why) || error.field !== 'principal') {
      failures.push(`"${text}": ${error.message}, expected "${why}"`);
    }
  }
}
console.log(`app forms: ${exact.length} exact amounts, ${refused.length} refusals checked`);
if (failures.length) {
  console.error(`app forms check failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('app forms check passed');
