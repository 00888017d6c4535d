//! A chain with typed helpers: upload code, instantiate, call as any account, read events and
//! the weight of each call, move block time. It runs on a [`Backend`]: the in-process ink!
//! sandbox runtime (pallet-contracts, balances, timestamp) here, or a live node.

use std::collections::BTreeMap;

use ink::{
    env::{
        call::{
            state,
            utils::{ReturnType, Set, Unset},
            Call, CallBuilder, CreateBuilder, ExecutionInput, LimitParamsV2,
        },
        DefaultEnvironment, Event,
    },
    scale::{Decode, Encode},
};

pub use crate::events::ContractEvent;
pub use traits::{AccountId, Balance, Hash, Timestamp};

use crate::contracts::{self, Contract};

/// Block time when a chain starts (2026-01-01, in milliseconds).
pub const GENESIS_TIME: Timestamp = 1_767_225_600_000;
/// Native currency every named account starts with.
pub const ACCOUNT_FUNDS: Balance = 1_000_000_000_000_000;

/// A message selector, as `ink::selector_bytes!("Trait::message")` computes it (only raw
/// calls, [`Chain::call_raw`], name one: clients build their calls with ink!'s call builders).
pub type Selector = [u8; 4];

/// One message to one contract, as ink!'s generated call builders make it: the
/// `#[ink::trait_definition]`s' (`contract_ref!(Trait, DefaultEnvironment)`, then
/// `.call_mut().message(args)`) and the contracts' own refs. It carries the callee, the
/// selector, the typed arguments, the value sent and the return type, so a renamed or re-typed
/// message fails to compile instead of failing at run time.
pub type Message<Args, R> = CallBuilder<
    DefaultEnvironment,
    Set<Call<DefaultEnvironment>>,
    Set<ExecutionInput<Args>>,
    Set<ReturnType<R>>,
>;

/// One constructor, as a contract's generated `*Ref::new(args)` makes it.
pub type Constructor<Ref, Args, R> = CreateBuilder<
    DefaultEnvironment,
    Ref,
    Unset<Hash>,
    Set<LimitParamsV2<DefaultEnvironment>>,
    Unset<Balance>,
    Set<ExecutionInput<Args>>,
    Unset<state::Salt>,
    Set<ReturnType<R>>,
>;

/// The SCALE input of `constructor`: its selector, then its arguments.
pub fn constructor_input<Ref, Args: Encode, R>(constructor: Constructor<Ref, Args, R>) -> Vec<u8> {
    // The code hash, value and salt are the chain's business (see `Chain::instantiate`); the
    // builder wants them set before it hands out its parameters.
    constructor
        .code_hash(Hash::default())
        .endowment(0)
        .salt_bytes(Vec::<u8>::new())
        .params()
        .exec_input()
        .encode()
}

/// Why a call did not return a value of the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The runtime refused the call or the contract trapped (the message is the runtime's).
    Dispatch(String),
    /// ink! could not dispatch the message (unknown selector, or undecodable input).
    Lang(ink::LangError),
    /// The output did not decode as the expected type.
    Decode(String),
    /// The extrinsic was sent, included in a block and failed there (on a live node, after a
    /// dry run that passed: another transaction changed the state in between, or the node
    /// charged more than the dry run said): its effects were dropped, its fee was paid. The
    /// message is the runtime's error.
    FailedInBlock(String),
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
    /// The call was sent as an extrinsic, included in a block and failed there (its fee was
    /// paid, its effects dropped): `outcome` is the runtime's error. False for everything
    /// refused before sending (a dry run, the pool) and for the in-process chain.
    pub failed_in_block: bool,
}

/// A saved chain state (see [`Backend::snapshot`]).
pub type Snapshot = Box<dyn std::any::Any>;

/// Where a [`Chain`]'s contracts run: the in-process sandbox ([`SandboxBackend`]) or a live
/// node ([`crate::node::NodeBackend`], feature `node`). Scenarios and clients are written once against [`Chain`].
pub trait Backend {
    /// Uploads `wasm` (re-using code already there); its code hash.
    fn upload(&mut self, name: &str, wasm: &[u8]) -> Result<Hash, String>;
    /// The account called `name`, created and funded the first time.
    fn account(&mut self, name: &str) -> AccountId;
    /// The free native balance of `account`.
    fn native_balance(&mut self, account: AccountId) -> Balance;
    /// The code hash of the contract at `account` (`None`: no contract there; a closed one no
    /// longer is).
    fn code_hash_at(&mut self, account: AccountId) -> Option<Hash>;
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
    /// Runs a call as `caller` without keeping its effects, with its events and cost (a dry
    /// run).
    fn dry_call(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Executed;
    /// Every contract event from block `block` on (the node's blocks it still keeps), oldest
    /// first.
    fn events_since(&mut self, block: u64) -> Result<Vec<ContractEvent>, String>;
    /// The whole state, to go back to (`None`: this backend cannot go back, like a live node).
    fn snapshot(&mut self) -> Option<Snapshot>;
    /// Goes back to `snapshot`.
    fn restore(&mut self, snapshot: Snapshot);
    /// The number of the last block.
    fn block_number(&mut self) -> u64;
    /// This backend, to reach what only it has ([`Chain::backend`]).
    fn as_any(&mut self) -> &mut dyn std::any::Any;
}

/// A chain the platform's contract code goes to as it is needed: the in-process sandbox
/// (`Chain::new`, in [`crate::sandbox`]) or any other [`Backend`] ([`Chain::on`]).
pub struct Chain {
    backend: Box<dyn Backend>,
    code: BTreeMap<Contract, Hash>,
    names: BTreeMap<AccountId, String>,
    last_events: Vec<ContractEvent>,
    last_cost: Cost,
}

impl Chain {
    /// `contracts` built (once per process) and uploaded to `backend` (code already there is
    /// re-used), reporting `(contract, code hash)` after each.
    pub fn on(
        mut backend: Box<dyn Backend>,
        contracts: &[Contract],
        mut uploaded: impl FnMut(Contract, Hash),
    ) -> Result<Self, String> {
        let mut code = BTreeMap::new();
        for contract in contracts {
            let wasm = contracts::artifact(*contract)?.wasm;
            let hash = backend
                .upload(contract.name, &wasm)
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
    ///
    /// Builds and uploads it first if this chain has not got it ([`Chain::upload`]); panics
    /// with the build error if it does not build (nothing can run without it).
    pub fn code_hash(&mut self, contract: Contract) -> Hash {
        self.upload(contract)
            .unwrap_or_else(|error| panic!("contract build failed: {error}"))
    }

    /// Builds `contract` (once per process) and uploads its code if this chain has not got it
    /// yet: how an instrument from outside the platform's workspace gets on a chain (see
    /// [`contracts::artifact`]). Its code hash.
    pub fn upload(&mut self, contract: Contract) -> Result<Hash, String> {
        if let Some(hash) = self.code.get(&contract) {
            return Ok(*hash);
        }
        let wasm = contracts::artifact(contract)?.wasm;
        let hash = self
            .backend
            .upload(contract.name, &wasm)
            .map_err(|error| format!("uploading {}: {error}", contract.name))?;
        self.code.insert(contract, hash);
        Ok(hash)
    }

    /// The free native balance of `account`.
    pub fn native_balance(&mut self, account: AccountId) -> Balance {
        self.backend.native_balance(account)
    }

    /// Whether a contract lives at `account`: `false` once it was closed (terminated).
    pub fn is_contract(&mut self, account: AccountId) -> bool {
        self.backend.code_hash_at(account).is_some()
    }

    /// The code hash of the contract at `account` (`None`: no contract there).
    pub fn code_hash_at(&mut self, account: AccountId) -> Option<Hash> {
        self.backend.code_hash_at(account)
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

    /// Instantiates `contract` as `caller` with constructor `input` (see [`constructor_input`]),
    /// sending `value`; `salt` makes the address unique. The contract's code is built and
    /// uploaded first if this chain has not got it ([`Chain::upload`]). Returns the new contract's address, or the
    /// typed error `E` of a fallible constructor (`new(..) -> Result<Self, E>`) that refused.
    pub fn try_instantiate<E: Decode>(
        &mut self,
        contract: Contract,
        caller: AccountId,
        input: Vec<u8>,
        value: Balance,
        salt: &[u8],
    ) -> Result<Result<AccountId, E>, CallError> {
        let code_hash = self.upload(contract).map_err(CallError::Dispatch)?;
        let executed = self
            .backend
            .instantiate(caller, code_hash, input, value, salt.to_vec());
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
        input: Vec<u8>,
        value: Balance,
        salt: &[u8],
    ) -> Result<AccountId, CallError> {
        let refused = |error: ()| CallError::Dispatch(format!("constructor refused: {error:?}"));
        self.try_instantiate::<()>(contract, caller, input, value, salt)?
            .map_err(refused)
    }

    /// Sends `message` as `caller` (with the value the message carries) and decodes what it
    /// returns (for a message returning `Result<T, E>`, a typed error is `Ok(Err(e))`, and its
    /// effects were reverted). The call's events and cost become `events()` and `last_cost()`.
    pub fn send<Args: Encode, R: Decode>(
        &mut self,
        caller: AccountId,
        message: Message<Args, R>,
    ) -> Result<R, CallError> {
        let (contract, input, value) = addressed(message);
        self.call_raw(caller, contract, input, value)
    }

    /// Calls `contract` with raw `input` (a selector and SCALE arguments, see [`encode_call`]):
    /// for tests that send what no typed message can, such as an unknown selector.
    pub fn call_raw<R: Decode>(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<R, CallError> {
        let executed = self.backend.call(caller, contract, input, value);
        let output = self.record(executed)?;
        decode_output(&output.data)
    }

    /// A read-only query: runs `message` without keeping its effects (nor changing `events()`
    /// and `last_cost()`). Panics if the query fails: reads cannot fail.
    pub fn read<Args: Encode, R: Decode>(&mut self, message: Message<Args, R>) -> R {
        let (contract, input, _) = addressed(message);
        let selector = input[..4.min(input.len())].to_vec();
        self.query(contract, input).unwrap_or_else(|error| {
            panic!("read {selector:?} on {}: {error:?}", self.name_of(contract))
        })
    }

    /// Like [`Chain::read`], for a read that may fail: a contract that may lack the message (a
    /// token without PSP22Metadata), or an address that may be no contract.
    pub fn try_read<Args: Encode, R: Decode>(
        &mut self,
        message: Message<Args, R>,
    ) -> Result<R, CallError> {
        let (contract, input, _) = addressed(message);
        self.query(contract, input)
    }

    fn query<R: Decode>(&mut self, contract: AccountId, input: Vec<u8>) -> Result<R, CallError> {
        // A message returning `Err` reverts; its output is still the typed error.
        let output = self
            .backend
            .query(contract, input)
            .map_err(CallError::Dispatch)?;
        decode_output(&output.data)
    }

    /// Runs `message` as `caller` without keeping its effects (a dry run, on any backend: a
    /// live node answers it from its runtime API without a transaction): what it would
    /// return. Its events and cost become `events()` and `last_cost()`.
    pub fn dry_send<Args: Encode, R: Decode>(
        &mut self,
        caller: AccountId,
        message: Message<Args, R>,
    ) -> Result<R, CallError> {
        let (contract, input, value) = addressed(message);
        let output = self.dry_call_raw(caller, contract, input, value)?;
        decode_output(&output.data)
    }

    /// Like [`Chain::dry_send`], for call data encoded elsewhere (a web page's, from the
    /// bundle's metadata): what the contract returned (reverted or not, undecoded). Its events
    /// and cost become `events()` and `last_cost()`. Errors: the runtime refused the call or the
    /// contract trapped ([`CallError::Dispatch`]).
    pub fn dry_call_raw(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Result<Returned, CallError> {
        let executed = self.backend.dry_call(caller, contract, input, value);
        self.record(executed)
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

    /// Every contract event from block `block` on, oldest first: a node reads its blocks (a
    /// pruned node only has its recent ones), the in-process chain keeps them all.
    pub fn events_since(&mut self, block: u64) -> Result<Vec<ContractEvent>, String> {
        self.backend.events_since(block)
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
        let failed_in_block = executed.failed_in_block;
        executed.outcome.map_err(|error| {
            if failed_in_block {
                CallError::FailedInBlock(error)
            } else {
                CallError::Dispatch(error)
            }
        })
    }
}

/// Where `message` goes, its input (selector and arguments) and the value it sends.
/// The callee, SCALE input (selector and arguments) and value transferred of `message`.
pub fn addressed<Args: Encode, R>(message: Message<Args, R>) -> (AccountId, Vec<u8>, Balance) {
    let params = message.params();
    (
        *params.callee(),
        params.exec_input().encode(),
        *params.transferred_value(),
    )
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
