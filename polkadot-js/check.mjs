// The Polkadot.js check: `node check.mjs <bundles dir> [ws://node]`.
//
// Loads every `.contract` bundle with @polkadot/api-contract's Abi (what contracts-UI does),
// checks that every constructor and message has docs, and that each one's arguments encode
// (default values) and decode back to the same call. With a node URL it also uploads the
// registry bundle, instantiates the registry with a Config and reads the Config back through
// a contract query. With NUTS_FORMS_CASES naming a JSON file of typed form calls
// (`[{ "bundle", "message", "args", "expected" }]`), it encodes each call's typed arguments as
// contracts-UI would (field by field, from JSON) and checks that the arguments' bytes are
// `expected`, the bytes the Rust client sends. Exits 1 naming every failure.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { Abi, CodePromise, ContractPromise } from '@polkadot/api-contract';
import { compactStripLength, u8aToHex } from '@polkadot/util';

const [dir = '../bundles', url] = process.argv.slice(2);
const failures = [];
let bundles = 0;
let checked = 0;

function checkCall(abi, file, kind, call) {
  const docs = call.docs.join('\n').trim();
  if (!docs) failures.push(`${file}: ${kind} ${call.identifier} has no docs`);
  try {
    const values = call.args.map((arg) => abi.registry.createTypeUnsafe(arg.type.lookupName || arg.type.type, []));
    const data = call.toU8a(values);
    const decoded = kind === 'message' ? abi.decodeMessage(data) : abi.decodeConstructor(data);
    if (decoded.message.identifier !== call.identifier) {
      failures.push(`${file}: ${kind} ${call.identifier} decodes as ${decoded.message.identifier}`);
    }
    decoded.args.forEach((arg, i) => {
      if (arg.toHex() !== values[i].toHex()) {
        failures.push(`${file}: ${kind} ${call.identifier}: argument ${call.args[i].name} does not round-trip`);
      }
    });
  } catch (error) {
    failures.push(`${file}: ${kind} ${call.identifier}: arguments do not encode: ${error.message}`);
  }
  checked += 1;
}

const files = readdirSync(dir).filter((file) => file.endsWith('.contract')).sort();
for (const file of files) {
  const abi = new Abi(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  bundles += 1;
  abi.constructors.forEach((call) => checkCall(abi, file, 'constructor', call));
  abi.messages.forEach((call) => checkCall(abi, file, 'message', call));
}
const cases = process.env.NUTS_FORMS_CASES;
if (cases) {
  let equal = 0;
  for (const { bundle, message, args, expected } of JSON.parse(readFileSync(cases, 'utf8'))) {
    try {
      const abi = new Abi(JSON.parse(readFileSync(join(dir, bundle), 'utf8')));
      const call = abi.findMessage(message);
      // The call data is length-prefixed, then the 4-byte selector, then the arguments.
      const [, data] = compactStripLength(call.toU8a(args));
      const encoded = u8aToHex(data.subarray(4));
      if (encoded === expected) equal += 1;
      else failures.push(`${bundle} ${message}: Polkadot.js encodes ${encoded}, the Rust client ${expected}`);
    } catch (error) {
      failures.push(`${bundle} ${message}: ${error.message}`);
    }
  }
  console.log(`typed forms: ${equal} typed encodings equal the Rust client's bytes`);
}
if (bundles === 0) failures.push(`no .contract bundles in ${dir} (run \`nuts build --out ${dir}\`)`);
console.log(`${bundles} bundles loaded; ${checked} constructors and messages: docs present, arguments encode and decode`);

async function onNode() {
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const bundle = JSON.parse(readFileSync(join(dir, 'registry.contract'), 'utf8'));
  const hashOf = (name) => JSON.parse(readFileSync(join(dir, `${name}.contract`), 'utf8')).source.hash;
  const config = {
    nuts_token: alice.address,
    instrument_deposit: 1000,
    manager_v1: hashOf('instrument_manager_v1'),
    manager_v2: hashOf('instrument_manager_v2'),
    manager_v3: hashOf('instrument_manager_v3'),
    instrument_escrow: hashOf('instrument_escrow'),
    issuance_escrow: hashOf('issuance_escrow'),
    issuance_storage: hashOf('issuance_storage'),
  };
  const gasLimit = api.registry.createType('WeightV2', { refTime: 100_000_000_000n, proofSize: 2_000_000n });
  const code = new CodePromise(api, bundle, bundle.source.wasm);
  const salt = `0x${Date.now().toString(16).padStart(16, '0')}`;
  const address = await new Promise((resolve, reject) => {
    code.tx.new({ gasLimit, storageDepositLimit: null, salt }, config)
      .signAndSend(alice, (result) => {
        if (result.dispatchError) reject(new Error(result.dispatchError.toString()));
        else if (result.status.isInBlock && result.contract) resolve(result.contract.address.toString());
      })
      .catch(reject);
  });
  console.log(`registry instantiated through Polkadot.js at ${address}`);
  const contract = new ContractPromise(api, bundle, address);
  const message = contract.abi.findMessage('InstrumentRegistry::config');
  const { result, output } = await contract.query[message.method](alice.address, { gasLimit, storageDepositLimit: null });
  if (!result.isOk || !output) {
    failures.push(`InstrumentRegistry::config failed: ${result.toString()}`);
  } else {
    const read = output.toJSON();
    const got = read.ok ?? read.Ok ?? read;
    for (const [field, value] of Object.entries(config)) {
      const camel = field.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
      const actual = got[camel] ?? got[field];
      const expected = typeof value === 'number' ? value : value.toString();
      if (String(actual) !== String(expected)) {
        failures.push(`Config.${field}: read ${actual}, instantiated with ${expected}`);
      }
    }
    console.log(`Config read back through Polkadot.js: ${JSON.stringify(got)}`);
  }
  await api.disconnect();
}

if (url) {
  try {
    await onNode();
  } catch (error) {
    failures.push(`on ${url}: ${error.message}`);
  }
}
if (failures.length) {
  console.error(`Polkadot.js check failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('Polkadot.js check passed');
process.exit(0);
