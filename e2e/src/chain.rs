//! A chain with typed helpers: upload code, instantiate, call as any account, read events and
//! the weight of each call, move block time. It runs on a [`Backend`]: the in-process ink!
//! sandbox runtime (pallet-contracts, balances, timestamp) here, or a live node.

use std::collections::BTreeMap;

use ink::{
    env::Event,
    scale::{Decode, Encode},
};
use ink_sandbox::{
    api::{
        balance_api::BalanceAPI, contracts_api::ContractAPI, system_api::SystemAPI,
        timestamp_api::TimestampAPI,
    },
    frame_support::storage::{transactional::with_transaction_unchecked, TransactionOutcome},
    frame_system::EventRecord,
    pallet_contracts::{self, Determinism},
    AccountId32, DefaultSandbox, Sandbox, Weight, H256,
};
pub use traits::{AccountId, Balance, Hash, Timestamp};

use crate::contracts::{self, Contract};

/// Block time when a chain starts (2026-01-01, in milliseconds).
pub const GENESIS_TIME: Timestamp = 1_767_225_600_000;
/// Native currency every named account starts with.
pub const ACCOUNT_FUNDS: Balance = 1_000_000_000_000_000;
/// Gas limit of every call: far above what any platform call needs.
const GAS_LIMIT: Weight = Weight::from_parts(500_000_000_000, 5 * 1024 * 1024);

type Runtime = <DefaultSandbox as Sandbox>::Runtime;
type RuntimeEvent = <Runtime as ink_sandbox::frame_system::Config>::RuntimeEvent;

/// A message selector, as `ink::selector_bytes!("Trait::message")` computes it.
pub type Selector = [u8; 4];

/// Why a call did not return a value of the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The runtime refused the call or the contract trapped (the message is the runtime's).
    Dispatch(String),
    /// ink! could not dispatch the message (unknown selector, or undecodable input).
    Lang(ink::LangError),
    /// The output did not decode as the expected type.
    Decode(String),
}

/// What a call cost: weight consumed and storage deposit charged (or refunded, negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cost {
    /// Weight consumed, computation part.
    pub ref_time: u64,
    /// Weight consumed, proof-size part.
    pub proof_size: u64,
    /// Storage deposit charged (positive) or refunded (negative).
    pub storage_deposit: i128,
}

/// One event a contract emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractEvent {
    /// The contract that emitted it.
    pub contract: AccountId,
    /// Its topics; the first one is the event's signature.
    pub topics: Vec<[u8; 32]>,
    /// Its SCALE-encoded fields.
    pub data: Vec<u8>,
}

impl ContractEvent {
    /// The event decoded as `E`, if it is an `E`.
    pub fn decode<E: Event + Decode>(&self) -> Option<E> {
        let signature = E::SIGNATURE_TOPIC?;
        if self.topics.first() != Some(&signature) {
            return None;
        }
        E::decode(&mut &self.data[..]).ok()
    }
}

/// What one instantiation or call returned, when it ran to the end (its own revert included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// The contract reverted: its effects were dropped; `data` says why.
    pub reverted: bool,
    /// The SCALE-encoded return value.
    pub data: Vec<u8>,
    /// The new contract's address (instantiations only).
    pub address: Option<AccountId>,
}

/// What a backend did with one instantiation or call.
#[derive(Debug, Clone)]
pub struct Executed {
    /// What the contract returned, or the runtime's refusal (a trap, too little gas...).
    pub outcome: Result<Returned, String>,
    /// Its cost.
    pub cost: Cost,
    /// The events contracts emitted.
    pub events: Vec<ContractEvent>,
}

/// A saved chain state (see [`Backend::snapshot`]).
pub type Snapshot = Box<dyn std::any::Any>;

/// Where a [`Chain`]'s contracts run: the in-process sandbox ([`SandboxBackend`]) or a live
/// node (the `nuts_node` crate). Scenarios and clients are written once against [`Chain`].
pub trait Backend {
    /// Uploads `wasm` (re-using code already there); its code hash.
    fn upload(&mut self, name: &str, wasm: &[u8]) -> Result<Hash, String>;
    /// The account called `name`, created and funded the first time.
    fn account(&mut self, name: &str) -> AccountId;
    /// The free native balance of `account`.
    fn native_balance(&mut self, account: AccountId) -> Balance;
    /// The current block time (milliseconds).
    fn now(&mut self) -> Timestamp;
    /// Sets the time of the next blocks (a live node's clock only moves forward).
    fn set_time(&mut self, millis: Timestamp);
    /// Instantiates `code_hash` with constructor `input` as `caller`.
    fn instantiate(
        &mut self,
        caller: AccountId,
        code_hash: Hash,
        input: Vec<u8>,
        value: Balance,
        salt: Vec<u8>,
    ) -> Executed;
    /// Calls `contract` with `input` as `caller`.
    fn call(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Executed;
    /// Runs a call without keeping its effects (a read).
    fn query(&mut self, contract: AccountId, input: Vec<u8>) -> Result<Returned, String>;
    /// The whole state, to go back to (`None`: this backend cannot go back, like a live node).
    fn snapshot(&mut self) -> Option<Snapshot>;
    /// Goes back to `snapshot`.
    fn restore(&mut self, snapshot: Snapshot);
    /// The number of the last block.
    fn block_number(&mut self) -> u64;
    /// This backend, to reach what only it has ([`Chain::backend`]).
    fn as_any(&mut self) -> &mut dyn std::any::Any;
}

/// The ink! sandbox runtime, in this process.
pub struct SandboxBackend {
    sandbox: DefaultSandbox,
}

impl Default for SandboxBackend {
    fn default() -> Self {
        let mut sandbox = DefaultSandbox::default();
        sandbox.set_timestamp(GENESIS_TIME);
        Self { sandbox }
    }
}

impl SandboxBackend {
    fn executed(
        weight: Weight,
        deposit: &pallet_contracts::StorageDeposit<Balance>,
        events: Option<Vec<EventRecord<RuntimeEvent, H256>>>,
        outcome: Result<Returned, String>,
    ) -> Executed {
        let storage_deposit = match deposit {
            pallet_contracts::StorageDeposit::Charge(amount) => *amount as i128,
            pallet_contracts::StorageDeposit::Refund(amount) => -(*amount as i128),
        };
        let cost = Cost {
            ref_time: weight.ref_time(),
            proof_size: weight.proof_size(),
            storage_deposit,
        };
        let events = events
            .unwrap_or_default()
            .into_iter()
            .filter_map(|record| match record.event {
                RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted {
                    contract,
                    data,
                }) => Some(ContractEvent {
                    contract: from_runtime(contract),
                    topics: record.topics.iter().map(|topic| topic.0).collect(),
                    data,
                }),
                _ => None,
            })
            .collect();
        Executed {
            outcome,
            cost,
            events,
        }
    }
}

impl Backend for SandboxBackend {
    fn upload(&mut self, _name: &str, wasm: &[u8]) -> Result<Hash, String> {
        let uploader = DefaultSandbox::default_actor();
        self.sandbox
            .upload_contract(wasm.to_vec(), uploader, None, Determinism::Enforced)
            .map(|uploaded| Hash::from(uploaded.code_hash.0))
            .map_err(|error| format!("{error:?}"))
    }

    fn account(&mut self, name: &str) -> AccountId {
        let mut bytes = [0u8; 32];
        bytes[0] = 0xAA; // away from the sandbox's default actor ([1; 32])
        for (slot, byte) in bytes[1..].iter_mut().zip(name.bytes()) {
            *slot = byte;
        }
        let account = AccountId::from(bytes);
        if self.native_balance(account) == 0 {
            self.sandbox
                .mint_into(&to_runtime(account), ACCOUNT_FUNDS)
                .expect("minting to a new account");
        }
        account
    }

    fn native_balance(&mut self, account: AccountId) -> Balance {
        self.sandbox.free_balance(&to_runtime(account))
    }

    fn now(&mut self) -> Timestamp {
        self.sandbox.get_timestamp()
    }

    fn set_time(&mut self, millis: Timestamp) {
        self.sandbox.set_timestamp(millis);
    }

    fn instantiate(
        &mut self,
        caller: AccountId,
        code_hash: Hash,
        input: Vec<u8>,
        value: Balance,
        salt: Vec<u8>,
    ) -> Executed {
        self.sandbox.reset_events();
        let result = self.sandbox.instantiate_contract(
            code_hash.as_ref().to_vec(),
            value,
            input,
            salt,
            to_runtime(caller),
            GAS_LIMIT,
            None,
        );
        let outcome = result
            .result
            .map(|output| Returned {
                reverted: output.result.did_revert(),
                data: output.result.data,
                address: Some(from_runtime(output.account_id)),
            })
            .map_err(|error| format!("{error:?}"));
        Self::executed(
            result.gas_consumed,
            &result.storage_deposit,
            result.events,
            outcome,
        )
    }

    fn call(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Executed {
        // Blocks are never finalised here, so events pile up: keep only this call's.
        self.sandbox.reset_events();
        let result = self.sandbox.call_contract(
            to_runtime(contract),
            value,
            input,
            to_runtime(caller),
            GAS_LIMIT,
            None,
            Determinism::Enforced,
        );
        let outcome = result
            .result
            .map(|output| Returned {
                reverted: output.did_revert(),
                data: output.data,
                address: None,
            })
            .map_err(|error| format!("{error:?}"));
        Self::executed(
            result.gas_consumed,
            &result.storage_deposit,
            result.events,
            outcome,
        )
    }

    fn query(&mut self, contract: AccountId, input: Vec<u8>) -> Result<Returned, String> {
        let reader = to_runtime(AccountId::from([0xAB; 32]));
        // Inside a storage transaction rolled back at once: no trace, at the cost of what the
        // call touched (a snapshot would copy the whole state on every read).
        let result = self.sandbox.execute_with(|| {
            with_transaction_unchecked(|| {
                TransactionOutcome::Rollback(pallet_contracts::Pallet::<Runtime>::bare_call(
                    reader,
                    to_runtime(contract),
                    0,
                    GAS_LIMIT,
                    None,
                    input,
                    pallet_contracts::DebugInfo::Skip,
                    pallet_contracts::CollectEvents::Skip,
                    Determinism::Enforced,
                ))
            })
        });
        result
            .result
            .map(|output| Returned {
                reverted: output.did_revert(),
                data: output.data,
                address: None,
            })
            .map_err(|error| format!("{error:?}"))
    }

    fn snapshot(&mut self) -> Option<Snapshot> {
        Some(Box::new(self.sandbox.take_snapshot()))
    }

    fn restore(&mut self, snapshot: Snapshot) {
        let snapshot = snapshot.downcast().expect("a snapshot this sandbox took");
        self.sandbox.restore_snapshot(*snapshot);
    }

    fn block_number(&mut self) -> u64 {
        self.sandbox.block_number().into()
    }

    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// A chain with every platform contract's code uploaded: the in-process sandbox
/// ([`Chain::new`]) or any other [`Backend`] ([`Chain::on`]).
pub struct Chain {
    backend: Box<dyn Backend>,
    code: BTreeMap<Contract, Hash>,
    names: BTreeMap<AccountId, String>,
    last_events: Vec<ContractEvent>,
    last_cost: Cost,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// A fresh in-process chain at `GENESIS_TIME` with every contract built (once per process)
    /// and uploaded.
    pub fn new() -> Self {
        Self::on(
            Box::new(SandboxBackend::default()),
            contracts::ALL,
            |_, _| {},
        )
        .unwrap_or_else(|error| panic!("{error}"))
    }

    /// `contracts` built (once per process) and uploaded to `backend` (code already there is
    /// re-used), reporting `(contract, code hash)` after each.
    pub fn on(
        mut backend: Box<dyn Backend>,
        contracts: &[Contract],
        mut uploaded: impl FnMut(Contract, Hash),
    ) -> Result<Self, String> {
        let mut code = BTreeMap::new();
        for contract in contracts {
            let wasm = &contracts::try_all()?[contract].wasm;
            let hash = backend
                .upload(contract.name, wasm)
                .map_err(|error| format!("uploading {}: {error}", contract.name))?;
            uploaded(*contract, hash);
            code.insert(*contract, hash);
        }
        Ok(Self {
            backend,
            code,
            names: BTreeMap::new(),
            last_events: Vec::new(),
            last_cost: Cost::default(),
        })
    }

    /// The account called `name`, funded with `ACCOUNT_FUNDS` (in-process) the first time it
    /// is asked for.
    pub fn account(&mut self, name: &str) -> AccountId {
        let account = self.backend.account(name);
        self.names.insert(account, name.to_string());
        account
    }

    /// The name an account was created with, or its hex for contracts and strangers.
    pub fn name_of(&self, account: AccountId) -> String {
        self.names.get(&account).cloned().unwrap_or_else(|| {
            let bytes: &[u8; 32] = account.as_ref();
            format!(
                "0x{}..",
                bytes[..4]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
        })
    }

    /// Gives `account` a name for printing.
    pub fn label(&mut self, account: AccountId, name: &str) {
        self.names.insert(account, name.to_string());
    }

    /// The code hash of an uploaded contract.
    pub fn code_hash(&self, contract: Contract) -> Hash {
        self.code[&contract]
    }

    /// The free native balance of `account`.
    pub fn native_balance(&mut self, account: AccountId) -> Balance {
        self.backend.native_balance(account)
    }

    /// The number of the last block.
    pub fn block_number(&mut self) -> u64 {
        self.backend.block_number()
    }

    /// The backend, if it is a `B` (what only a live node has, for instance).
    pub fn backend<B: Backend + 'static>(&mut self) -> Option<&mut B> {
        self.backend.as_any().downcast_mut()
    }

    /// The current block time (milliseconds).
    pub fn now(&mut self) -> Timestamp {
        self.backend.now()
    }

    /// Moves block time forward by `millis`.
    pub fn advance_time(&mut self, millis: Timestamp) {
        let now = self.now();
        self.set_time(now + millis);
    }

    /// Sets the block time.
    pub fn set_time(&mut self, millis: Timestamp) {
        self.backend.set_time(millis);
    }

    /// Instantiates `contract` as `caller` with constructor `selector` and `args`, sending
    /// `value`; `salt` makes the address unique. Returns the new contract's address, or the
    /// typed error `E` of a fallible constructor (`new(..) -> Result<Self, E>`) that refused.
    pub fn try_instantiate<E: Decode>(
        &mut self,
        contract: Contract,
        caller: AccountId,
        selector: Selector,
        args: impl Encode,
        value: Balance,
        salt: &[u8],
    ) -> Result<Result<AccountId, E>, CallError> {
        let code_hash = self.code_hash(contract);
        let executed = self.backend.instantiate(
            caller,
            code_hash,
            encode_call(selector, args),
            value,
            salt.to_vec(),
        );
        let output = self.record(executed)?;
        if output.reverted {
            let data = output.data;
            // A fallible constructor that refused: its typed error, if `E` decodes it.
            if let Ok(Ok(Err(error))) = ink::MessageResult::<Result<(), E>>::decode(&mut &data[..])
            {
                return Ok(Err(error));
            }
            let reason = ink::MessageResult::<()>::decode(&mut &data[..]);
            return Err(CallError::Dispatch(format!(
                "constructor reverted: {reason:?}"
            )));
        }
        let address = output
            .address
            .ok_or_else(|| CallError::Dispatch("no address for the new contract".into()))?;
        self.names.insert(address, contract.name.to_string());
        Ok(Ok(address))
    }

    /// Like [`Chain::try_instantiate`], for a constructor expected to succeed.
    pub fn instantiate(
        &mut self,
        contract: Contract,
        caller: AccountId,
        selector: Selector,
        args: impl Encode,
        value: Balance,
        salt: &[u8],
    ) -> Result<AccountId, CallError> {
        let refused = |error: ()| CallError::Dispatch(format!("constructor refused: {error:?}"));
        self.try_instantiate::<()>(contract, caller, selector, args, value, salt)?
            .map_err(refused)
    }

    /// Calls `selector` on `contract` as `caller` with `args`, sending `value`, and decodes the
    /// message's return value as `R` (for a message returning `Result<T, E>`, `R` is that
    /// `Result`: a typed error is `Ok(Err(e))`, and its effects were reverted). The call's events
    /// and cost become `events()` and `last_cost()`.
    pub fn call<R: Decode>(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        selector: Selector,
        args: impl Encode,
        value: Balance,
    ) -> Result<R, CallError> {
        let executed = self
            .backend
            .call(caller, contract, encode_call(selector, args), value);
        let output = self.record(executed)?;
        decode_output(&output.data)
    }

    /// A read-only query: runs the message without keeping its effects (nor changing
    /// `events()` and `last_cost()`). Panics if the query fails: reads cannot fail.
    pub fn read<R: Decode>(
        &mut self,
        contract: AccountId,
        selector: Selector,
        args: impl Encode,
    ) -> R {
        let result = self
            .backend
            .query(contract, encode_call(selector, args))
            .map_err(CallError::Dispatch)
            .and_then(|output| decode_output(&output.data));
        result.unwrap_or_else(|error| {
            panic!("read {selector:?} on {}: {error:?}", self.name_of(contract))
        })
    }

    /// Runs `action` and throws its effects away afterwards (a dry run). Only backends that can
    /// go back (the in-process chain) can: panics on the others.
    pub fn dry_run<T>(&mut self, action: impl FnOnce(&mut Chain) -> T) -> T {
        let snapshot = self
            .backend
            .snapshot()
            .expect("dry runs need a chain that can go back (the in-process one)");
        let result = action(self);
        self.backend.restore(snapshot);
        result
    }

    /// Events emitted by contracts during the last call or instantiation.
    pub fn events(&self) -> &[ContractEvent] {
        &self.last_events
    }

    /// The last call's events of type `E`.
    pub fn events_of<E: Event + Decode>(&self) -> Vec<E> {
        self.last_events
            .iter()
            .filter_map(ContractEvent::decode::<E>)
            .collect()
    }

    /// What the last call or instantiation cost.
    pub fn last_cost(&self) -> Cost {
        self.last_cost
    }

    fn record(&mut self, executed: Executed) -> Result<Returned, CallError> {
        self.last_cost = executed.cost;
        self.last_events = executed.events;
        executed.outcome.map_err(CallError::Dispatch)
    }
}

fn decode_output<R: Decode>(data: &[u8]) -> Result<R, CallError> {
    let decoded = ink::MessageResult::<R>::decode(&mut &data[..])
        .map_err(|error| CallError::Decode(error.to_string()))?;
    decoded.map_err(CallError::Lang)
}

/// The input of a call: `selector` then the SCALE-encoded `args`.
pub fn encode_call(selector: Selector, args: impl Encode) -> Vec<u8> {
    let mut input = selector.to_vec();
    args.encode_to(&mut input);
    input
}

fn to_runtime(account: AccountId) -> AccountId32 {
    let bytes: [u8; 32] = *account.as_ref();
    AccountId32::new(bytes)
}

fn from_runtime(account: AccountId32) -> AccountId {
    let bytes: [u8; 32] = account.into();
    AccountId::from(bytes)
}
