//! An in-process chain (the ink! sandbox runtime: pallet-contracts, balances, timestamp) with
//! typed helpers: upload code, instantiate, call as any account, read events and the weight of
//! each call, move block time.

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

/// An in-process chain with every platform contract's code uploaded.
pub struct Chain {
    sandbox: DefaultSandbox,
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
    /// A fresh chain at `GENESIS_TIME` with every contract built (once per process) and uploaded.
    pub fn new() -> Self {
        let mut sandbox = DefaultSandbox::default();
        sandbox.set_timestamp(GENESIS_TIME);
        let uploader = DefaultSandbox::default_actor();
        let mut code = BTreeMap::new();
        for (contract, artifact) in contracts::all() {
            let uploaded = sandbox
                .upload_contract(
                    artifact.wasm.clone(),
                    uploader.clone(),
                    None,
                    Determinism::Enforced,
                )
                .unwrap_or_else(|error| panic!("uploading {}: {error:?}", contract.name));
            code.insert(*contract, Hash::from(uploaded.code_hash.0));
        }
        Self {
            sandbox,
            code,
            names: BTreeMap::new(),
            last_events: Vec::new(),
            last_cost: Cost::default(),
        }
    }

    /// The account called `name`, funded with `ACCOUNT_FUNDS` the first time it is asked for.
    pub fn account(&mut self, name: &str) -> AccountId {
        let mut bytes = [0u8; 32];
        bytes[0] = 0xAA; // away from the sandbox's default actor ([1; 32])
        for (slot, byte) in bytes[1..].iter_mut().zip(name.bytes()) {
            *slot = byte;
        }
        let account = AccountId::from(bytes);
        if !self.names.contains_key(&account) {
            self.sandbox
                .mint_into(&to_runtime(account), ACCOUNT_FUNDS)
                .expect("minting to a new account");
            self.names.insert(account, name.to_string());
        }
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
        self.sandbox.free_balance(&to_runtime(account))
    }

    /// The current block time (milliseconds).
    pub fn now(&mut self) -> Timestamp {
        self.sandbox.get_timestamp()
    }

    /// Moves block time forward by `millis`.
    pub fn advance_time(&mut self, millis: Timestamp) {
        let now = self.now();
        self.sandbox.set_timestamp(now + millis);
    }

    /// Sets the block time.
    pub fn set_time(&mut self, millis: Timestamp) {
        self.sandbox.set_timestamp(millis);
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
        self.sandbox.reset_events();
        let result = self.sandbox.instantiate_contract(
            code_hash.as_ref().to_vec(),
            value,
            encode_call(selector, args),
            salt.to_vec(),
            to_runtime(caller),
            GAS_LIMIT,
            None,
        );
        self.record(
            result.gas_consumed,
            &result.storage_deposit,
            result.events.unwrap_or_default(),
        );
        let output = result
            .result
            .map_err(|error| CallError::Dispatch(format!("{error:?}")))?;
        if output.result.did_revert() {
            let data = output.result.data;
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
        let address = from_runtime(output.account_id);
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
        // Blocks are never finalised here, so events pile up: keep only this call's.
        self.sandbox.reset_events();
        let result = self.sandbox.call_contract(
            to_runtime(contract),
            value,
            encode_call(selector, args),
            to_runtime(caller),
            GAS_LIMIT,
            None,
            Determinism::Enforced,
        );
        self.record(
            result.gas_consumed,
            &result.storage_deposit,
            result.events.unwrap_or_default(),
        );
        let output = result
            .result
            .map_err(|error| CallError::Dispatch(format!("{error:?}")))?;
        let decoded = ink::MessageResult::<R>::decode(&mut &output.data[..])
            .map_err(|error| CallError::Decode(error.to_string()))?;
        decoded.map_err(CallError::Lang)
    }

    /// A read-only query: runs the message in a dry run (no effect on the chain, nor on
    /// `events()` and `last_cost()`). Panics if the query fails: reads cannot fail.
    pub fn read<R: Decode>(
        &mut self,
        contract: AccountId,
        selector: Selector,
        args: impl Encode,
    ) -> R {
        let reader = AccountId::from([0xAB; 32]);
        let (events, cost) = (std::mem::take(&mut self.last_events), self.last_cost);
        let result = self.dry_run(|chain| chain.call(reader, contract, selector, args, 0));
        (self.last_events, self.last_cost) = (events, cost);
        result.unwrap_or_else(|error| {
            panic!("read {selector:?} on {}: {error:?}", self.name_of(contract))
        })
    }

    /// Runs `action` and throws its effects away afterwards (a dry run).
    pub fn dry_run<T>(&mut self, action: impl FnOnce(&mut Chain) -> T) -> T {
        let snapshot = self.sandbox.take_snapshot();
        let result = action(self);
        self.sandbox.restore_snapshot(snapshot);
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

    fn record(
        &mut self,
        weight: Weight,
        deposit: &pallet_contracts::StorageDeposit<Balance>,
        events: Vec<EventRecord<RuntimeEvent, H256>>,
    ) {
        let storage_deposit = match deposit {
            pallet_contracts::StorageDeposit::Charge(amount) => *amount as i128,
            pallet_contracts::StorageDeposit::Refund(amount) => -(*amount as i128),
        };
        self.last_cost = Cost {
            ref_time: weight.ref_time(),
            proof_size: weight.proof_size(),
            storage_deposit,
        };
        self.last_events = events
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
    }
}

fn encode_call(selector: Selector, args: impl Encode) -> Vec<u8> {
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
