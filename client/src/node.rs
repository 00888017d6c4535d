//! [`NodeBackend`]: a [`Chain`](crate::chain::Chain) backend that runs on a live node over
//! its RPC (subxt): every call is dry-run first, which gives its return value and sets the gas
//! and storage-deposit limits of the extrinsic that follows; a call the dry run shows reverting
//! is not submitted (it would change nothing and cost a fee).

use std::{collections::BTreeMap, path::PathBuf, str::FromStr, time::Duration};

use crate::chain::{Backend, ContractEvent, Cost, Executed, Returned};
use ink::scale::{Decode, Encode};
use subxt::{
    backend::{legacy::LegacyRpcMethods, rpc::RpcClient},
    blocks::ExtrinsicEvents,
    config::DefaultExtrinsicParamsBuilder,
    dynamic::{self, Value},
    error::DispatchError,
    events::{EventDetails, Events},
    ext::scale_value::At,
    tx::{DynamicPayload, Payload, TxStatus},
    OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};
use traits::{AccountId, Balance, Hash, Timestamp};

/// Native currency a named account is topped up to the first time it is asked for.
pub const ACCOUNT_FUNDS: Balance = 1_000_000_000_000_000;

type Config = PolkadotConfig;

/// The most blocks [`Backend::events_since`] reads on a node (one RPC call each).
pub const MAX_HISTORY_BLOCKS: u64 = 10_000;

/// Why talking to the node failed.
pub type NodeError = String;

/// A raw contract storage entry: its key as pallet-contracts keeps it, and its value.
pub type StorageEntry = (Vec<u8>, Vec<u8>);

/// Why [`NodeBackend::connect`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectError {
    /// The node could not be reached or read (down, wrong address, not a Substrate node):
    /// trying again later may work.
    Unreachable(String),
    /// The signer cannot be used there (no secret off a development chain, a public
    /// development key off one, a secret that makes no key), or the chain is not the one
    /// expected: trying again will not help.
    Refused(String),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::Unreachable(why) | ConnectError::Refused(why) => f.write_str(why),
        }
    }
}

impl From<ConnectError> for String {
    fn from(error: ConnectError) -> Self {
        error.to_string()
    }
}

/// A live node, and the keys of the accounts this process signs for.
pub struct NodeBackend {
    runtime: tokio::runtime::Runtime,
    client: OnlineClient<Config>,
    rpc: LegacyRpcMethods<Config>,
    rpc_client: RpcClient,
    funder: Keypair,
    signers: BTreeMap<AccountId, Keypair>,
    clock: Option<PathBuf>,
    /// What every extrinsic's storage-deposit limit allows above its dry run's charge.
    deposit_margin: Balance,
    /// The host-function trace of the last call's dry run ([`NodeBackend::last_trace`]).
    last_trace: String,
    /// The extrinsic limits the last dry run asks for ([`NodeBackend::last_limits`]).
    last_limits: Limits,
}

/// A signer's secret URI (a seed phrase, `0x<seed>`, or a dev account like `//Alice`), held so
/// that it is never printed: its `Debug` hides it, and no error message repeats it.
#[derive(Clone)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

/// The phrase every development key derives from (`//Alice` is this phrase with the junction
/// `//Alice`): public, so anyone can sign with its keys.
const DEV_PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

impl Secret {
    /// A secret URI, checked: it must make a key pair. Errors: not a secret URI (the message
    /// does not repeat it).
    pub fn new(suri: impl Into<String>) -> Result<Self, NodeError> {
        let secret = Self(suri.into().trim().to_string());
        keypair(&secret)?;
        Ok(secret)
    }

    /// `//Alice`, the default signer of development chains.
    pub fn alice() -> Self {
        Self("//Alice".into())
    }

    /// Whether this is one of the public development keys: the dev phrase or any key derived
    /// from it (`//Alice`, `//Bob//stash`...). Refused off development chains.
    pub fn is_dev_key(&self) -> bool {
        self.0.starts_with('/') || self.0.starts_with(DEV_PHRASE)
    }
}

impl NodeBackend {
    /// Connects to the node at `url` (`ws://` or `wss://`); `secret` signs uploads and funds
    /// the named accounts. Without one, a development chain signs as `//Alice`; any other
    /// chain refuses. Off development chains the public development keys are refused too.
    /// `clock`: the offset file the node's wall clock follows, if it was started with the
    /// clock preload (see [`LocalNode`](crate::local_node::LocalNode)); without it the node's
    /// clock cannot be moved.
    pub fn connect(
        url: &str,
        secret: Option<&Secret>,
        clock: Option<PathBuf>,
    ) -> Result<Self, ConnectError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|error| format!("starting the async runtime: {error}"))
            .map_err(ConnectError::Unreachable)?;
        let (client, rpc_client) = runtime
            .block_on(connect(url))
            .map_err(ConnectError::Unreachable)?;
        let rpc = LegacyRpcMethods::new(rpc_client.clone());
        let dev = is_dev_chain(&runtime, &rpc_client).map_err(ConnectError::Unreachable)?;
        let funder =
            match secret {
                Some(secret) if !dev && secret.is_dev_key() => {
                    return Err(ConnectError::Refused(
                        "refusing a public development key (//Alice, the dev phrase...) off a \
                     development chain: anyone can sign with it"
                            .into(),
                    ))
                }
                Some(secret) => keypair(secret).map_err(ConnectError::Refused)?,
                None if dev => keypair(&Secret::alice()).map_err(ConnectError::Refused)?,
                None => return Err(ConnectError::Refused(
                    "no signer: give the secret URI in NUTS_SURI, in a file (--suri-file, mode \
                     600) or with --suri (only development chains sign as //Alice by default)"
                        .into(),
                )),
            };
        let mut signers = BTreeMap::new();
        signers.insert(account_of(&funder), funder.clone());
        let constant = |name: &str| {
            let address = dynamic::constant("Contracts", name);
            let value = client.constants().at(&address).map_err(text);
            let value = value.and_then(|value| value.to_value().map_err(text));
            value
                .and_then(|value| {
                    value
                        .as_u128()
                        .ok_or_else(|| format!("the runtime's Contracts::{name} is not a number"))
                })
                .map_err(ConnectError::Unreachable)
        };
        let deposit_margin =
            deposit_margin(constant("DepositPerItem")?, constant("DepositPerByte")?);
        Ok(Self {
            runtime,
            client,
            rpc,
            rpc_client,
            funder,
            signers,
            clock,
            deposit_margin,
            last_trace: String::new(),
            last_limits: Limits::default(),
        })
    }

    /// The account that signs for `--suri`.
    pub fn funder(&self) -> AccountId {
        account_of(&self.funder)
    }

    /// Runs `future` on this backend's async runtime.
    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// The chain's name (`system_chain`: "Development" for `substrate-contracts-node --dev`).
    pub fn chain_name(&self) -> Result<String, NodeError> {
        self.block_on(self.rpc.system_chain()).map_err(text)
    }

    /// Whether the node runs a development chain (`system_chainType` is `Development` or
    /// `Local`): only there may test tokens with a public faucet be deployed, or the public
    /// development keys sign.
    pub fn is_dev_chain(&self) -> Result<bool, NodeError> {
        is_dev_chain(&self.runtime, &self.rpc_client)
    }

    /// The hash of the chain's genesis block, `0x` and hex: what names a chain (a chain's name
    /// does not: every dev chain is "Development").
    pub fn genesis_hash(&self) -> String {
        format!("0x{}", hex(self.client.genesis_hash().as_ref()))
    }

    /// The code hash of the contract at `address` (`None`: no contract there).
    pub fn code_hash_at(&self, address: AccountId) -> Result<Option<Hash>, NodeError> {
        Ok(self.contract_info(address)?.map(|(_, code_hash)| code_hash))
    }

    /// The start of a contract's `ContractInfo` at the best block: its child trie's id and its
    /// code hash (`None`: no contract at `address`).
    fn contract_info(&self, address: AccountId) -> Result<Option<(Vec<u8>, Hash)>, NodeError> {
        self.contract_info_at(address, None)
    }

    /// [`Self::contract_info`] after block `at` (`None`: the best block).
    fn contract_info_at(
        &self,
        address: AccountId,
        at: Option<subxt::utils::H256>,
    ) -> Result<Option<(Vec<u8>, Hash)>, NodeError> {
        let key = dynamic::storage(
            "Contracts",
            "ContractInfoOf",
            vec![Value::from_bytes(address)],
        );
        let bytes = self.fetch_raw(&key, at)?;
        let Some(bytes) = bytes else {
            return Ok(None);
        };
        // `ContractInfo { trie_id: BoundedVec<u8>, code_hash: H256, .. }`.
        <(Vec<u8>, Hash)>::decode(&mut &bytes[..])
            .map(Some)
            .map_err(|error| format!("a contract's info: {error}"))
    }

    /// The last finalised block: its number and hash. Its state stays: nothing before it can
    /// be undone by a reorg.
    pub fn finalized_block(&self) -> Result<(u64, subxt::utils::H256), NodeError> {
        self.block_on(async {
            let hash = self.rpc.chain_get_finalized_head().await?;
            let header = self
                .rpc
                .chain_get_header(Some(hash))
                .await?
                .ok_or_else(|| subxt::Error::Other("no finalised header".into()))?;
            Ok((u64::from(header.number), hash))
        })
        .map_err(|error: subxt::Error| text(error))
    }

    /// One page of the storage of the contract at `address` after block `at`: up to `count`
    /// entries whose raw key (pallet-contracts hashes it: BLAKE2-128 of the contract's own
    /// key, then that key) comes after `after`, in key order, as (raw key, value). Empty: no
    /// more, or no contract there. Read with the node's `childstate_*` RPC, which any pruning
    /// mode keeps for recent blocks.
    pub fn contract_storage_page(
        &self,
        address: AccountId,
        at: subxt::utils::H256,
        after: Option<&[u8]>,
        count: u32,
    ) -> Result<Vec<StorageEntry>, NodeError> {
        use subxt::backend::rpc::rpc_params;
        let Some((trie_id, _)) = self.contract_info_at(address, Some(at))? else {
            return Ok(Vec::new());
        };
        let mut child = b":child_storage:default:".to_vec();
        child.extend_from_slice(&trie_id);
        let child = format!("0x{}", hex(&child));
        let after = after.map(|key| format!("0x{}", hex(key)));
        let keys: Vec<String> = self
            .block_on(self.rpc_client.request(
                "childstate_getKeysPaged",
                rpc_params![&child, "0x", count, after, at],
            ))
            .map_err(text)?;
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let values: Vec<Option<String>> = self
            .block_on(self.rpc_client.request(
                "childstate_getStorageEntries",
                rpc_params![&child, &keys, at],
            ))
            .map_err(text)?;
        keys.iter()
            .zip(values)
            .filter_map(|(key, value)| Some((unhex(key), unhex(&value?))))
            .map(|(key, value)| Ok((key?, value?)))
            .collect()
    }

    /// The block time after block `at` (`None`: the best block), in milliseconds.
    pub fn timestamp(&self, at: Option<subxt::utils::H256>) -> Result<Timestamp, NodeError> {
        let key = dynamic::storage("Timestamp", "Now", Vec::<Value>::new());
        let bytes = self.fetch_raw(&key, at)?;
        Ok(bytes
            .and_then(|bytes| Timestamp::decode(&mut &bytes[..]).ok())
            .unwrap_or(0))
    }

    /// The number of the best block.
    pub fn best_block(&self) -> Result<u32, NodeError> {
        let header = self
            .block_on(self.rpc.chain_get_header(None))
            .map_err(text)?
            .ok_or("the node has no best block")?;
        Ok(header.number)
    }

    /// Whether a contract lives at `address`.
    pub fn is_contract(&self, address: AccountId) -> Result<bool, NodeError> {
        Ok(self.code_hash_at(address)?.is_some())
    }

    /// Whether code with `hash` is on chain.
    pub fn has_code(&self, hash: Hash) -> Result<bool, NodeError> {
        let key = dynamic::storage("Contracts", "CodeInfoOf", vec![Value::from_bytes(hash)]);
        Ok(self.fetch(&key)?.is_some())
    }

    /// Seals a block (a `System::remark`): on an instant-seal dev node time only moves when a
    /// block is made.
    pub fn seal_block(&mut self) -> Result<(), NodeError> {
        let remark = dynamic::tx("System", "remark", vec![Value::from_bytes(b"nuts")]);
        let funder = self.funder.clone();
        self.submit(&remark, &funder).map(|_| ())
    }

    fn fetch(
        &self,
        key: &subxt::storage::DynamicAddress<Vec<Value>>,
    ) -> Result<Option<Value<u32>>, NodeError> {
        self.block_on(async {
            let best = self.best_hash().await?;
            match self.client.storage().at(best).fetch(key).await? {
                Some(thunk) => Ok(Some(thunk.to_value()?)),
                None => Ok(None),
            }
        })
        .map_err(|error: subxt::Error| text(error))
    }

    /// The raw value under storage item `key` after block `at` (`None`: the best block).
    fn fetch_raw(
        &self,
        key: &subxt::storage::DynamicAddress<Vec<Value>>,
        at: Option<subxt::utils::H256>,
    ) -> Result<Option<Vec<u8>>, NodeError> {
        self.block_on(async {
            let key = self.client.storage().address_bytes(key)?;
            let at = match at {
                Some(at) => at,
                None => self.best_hash().await?,
            };
            self.client.storage().at(at).fetch_raw(key).await
        })
        .map_err(text)
    }

    /// The best block's hash: subxt's `at_latest` is the last finalised one, which lags.
    async fn best_hash(&self) -> Result<subxt::utils::H256, subxt::Error> {
        self.rpc
            .chain_get_block_hash(None)
            .await?
            .ok_or_else(|| subxt::Error::Other("the node names no best block".into()))
    }

    fn signer(&self, account: AccountId) -> Result<Keypair, NodeError> {
        self.signers.get(&account).cloned().ok_or_else(|| {
            format!("no key for {account:?}: only accounts made by `account(name)` can sign")
        })
    }

    fn submit(
        &mut self,
        payload: &impl Payload,
        signer: &Keypair,
    ) -> Result<ExtrinsicEvents<Config>, NodeError> {
        self.submit_watched(payload, signer)
            .map_err(|(_, error)| error)
    }

    /// Submits `payload` signed by `signer` and waits for it in a block; an error says
    /// whether the extrinsic was included (true: it failed in its block, its fee was paid).
    fn submit_watched(
        &mut self,
        payload: &impl Payload,
        signer: &Keypair,
    ) -> Result<ExtrinsicEvents<Config>, (bool, NodeError)> {
        let mut included = false;
        let result = self.block_on(async {
            // The next nonce counting the pool (subxt's default reads the last finalised block,
            // which lags on a dev node).
            let account = subxt::utils::AccountId32(signer.public_key().0);
            let nonce = self.rpc.system_account_next_index(&account).await?;
            let params = DefaultExtrinsicParamsBuilder::<Config>::new()
                .nonce(nonce)
                .build();
            let mut progress = self
                .client
                .tx()
                .sign_and_submit_then_watch(payload, signer, params)
                .await?;
            // In the best block is enough (a dev node finalises a second later).
            while let Some(status) = progress.next().await {
                match status? {
                    TxStatus::InBestBlock(block) | TxStatus::InFinalizedBlock(block) => {
                        included = true;
                        return block.wait_for_success().await;
                    }
                    TxStatus::Error { message }
                    | TxStatus::Invalid { message }
                    | TxStatus::Dropped { message } => {
                        return Err(subxt::Error::Other(message));
                    }
                    _ => {}
                }
            }
            Err(subxt::Error::Other(
                "the node stopped reporting the transaction".into(),
            ))
        });
        result.map_err(|error| (included, text(error)))
    }

    /// Moves the node's wall clock to `millis` (rounded up to the second) without sealing a
    /// block: the next block the node seals carries that time, while the best block (and so
    /// every dry run) keeps its own. Panics unless the node runs with the clock preload
    /// (`LocalNode`).
    pub fn move_clock(&self, millis: Timestamp) {
        let file = self.clock.as_ref().expect(
            "this node's clock cannot be moved: start it with the clock preload (LocalNode)",
        );
        let offset_secs = millis.saturating_sub(wall_clock()).div_ceil(1000);
        std::fs::write(file, format!("+{offset_secs}\n")).expect("writing the clock file");
        // The preload re-reads the file at most once a second.
        std::thread::sleep(Duration::from_millis(1_100));
    }

    /// A runtime API call (`ContractsApi_*`): its raw SCALE answer.
    fn state_call(&self, function: &str, args: impl Encode) -> Result<Vec<u8>, NodeError> {
        self.state_call_at(function, args, None)
    }

    /// [`Self::state_call`] on the state after block `at` (`None`: the best block).
    fn state_call_at(
        &self,
        function: &str,
        args: impl Encode,
        at: Option<subxt::utils::H256>,
    ) -> Result<Vec<u8>, NodeError> {
        let params = args.encode();
        self.block_on(self.rpc.state_call(function, Some(&params), at))
            .map_err(text)
    }

    fn dispatch_error(&self, bytes: &[u8]) -> NodeError {
        match DispatchError::decode_from(bytes, self.client.metadata()) {
            Ok(error) => error.to_string(),
            Err(_) => format!("dispatch error 0x{}", hex(bytes)),
        }
    }

    fn dry_run_call(
        &self,
        caller: AccountId,
        contract: AccountId,
        input: &[u8],
        value: Balance,
    ) -> Result<DryRun, NodeError> {
        self.dry_run_call_at(caller, contract, input, value, None)
    }

    fn dry_run_call_at(
        &self,
        caller: AccountId,
        contract: AccountId,
        input: &[u8],
        value: Balance,
        at: Option<subxt::utils::H256>,
    ) -> Result<DryRun, NodeError> {
        let request = CallRequest {
            origin: caller,
            dest: contract,
            value,
            gas_limit: None,
            storage_deposit_limit: None,
            input_data: input.to_vec(),
        };
        let bytes = self.state_call_at("ContractsApi_call", request, at)?;
        DryRun::decode(&bytes, false, |error| self.dispatch_error(error))
    }

    /// The contract events of block `number` (its state must still be kept by the node).
    pub fn contract_events_at(&self, number: u64) -> Result<Vec<ContractEvent>, NodeError> {
        self.block_on(async {
            let hash = self
                .rpc
                .chain_get_block_hash(Some(number.into()))
                .await?
                .ok_or_else(|| subxt::Error::Other(format!("no block {number}")))?;
            let events = self.client.blocks().at(hash).await?.events().await?;
            Ok(contract_events(events.iter()).0)
        })
        .map_err(|error: subxt::Error| text(error))
    }

    /// Sets what every extrinsic's storage-deposit limit allows above its dry run's charge
    /// (default: [`deposit_margin`] at the runtime's deposit prices; `0`: exactly the charge).
    pub fn set_deposit_margin(&mut self, margin: Balance) {
        self.deposit_margin = margin;
    }

    /// The host functions the last call or instantiation ran, one per line, with their
    /// arguments and results (`seal1::get_storage(key_ptr: .., key_len: 36, ..) = Ok(Success)`):
    /// its dry run's debug buffer, filled on a node started with
    /// `-lruntime::contracts::strace=trace` ([`crate::local_node::LocalNode::start_traced`]);
    /// empty on any other node.
    pub fn last_trace(&self) -> &str {
        &self.last_trace
    }

    /// The limits an extrinsic of the last dry-run call should carry: the gas it required and
    /// the storage deposit it charged, each with this backend's margins (what [`Backend::call`]
    /// itself sends). For signers elsewhere, such as a browser wallet.
    pub fn last_limits(&self) -> Limits {
        self.last_limits
    }

    /// Calls `contract` as `caller` with the gas and storage-deposit limits of a dry run on the
    /// state after block `number`, not the best block: a call whose state moved between its
    /// dry run and its block, as on a busy chain (the test of the limits' margins).
    pub fn call_priced_at(
        &mut self,
        number: u64,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
    ) -> Executed {
        let at = self
            .block_on(self.rpc.chain_get_block_hash(Some(number.into())))
            .map_err(text)
            .and_then(|hash| hash.ok_or_else(|| format!("no block {number}")));
        let dry_run =
            match at.and_then(|at| self.dry_run_call_at(caller, contract, &input, 0, Some(at))) {
                Ok(dry_run) => dry_run,
                Err(error) => return failed(error),
            };
        self.execute(caller, dry_run, |gas, deposit| {
            call_payload(contract, 0, gas, deposit, input)
        })
    }

    /// Submits `payload` as `caller` after a dry run said it succeeds; its events.
    fn execute(
        &mut self,
        caller: AccountId,
        dry_run: DryRun,
        payload: impl FnOnce(Value, Value) -> DynamicPayload,
    ) -> Executed {
        let cost = dry_run.cost();
        self.last_trace.clone_from(&dry_run.trace);
        let limits = (
            dry_run.gas_required.with_margin().value(),
            some(Value::u128(dry_run.deposit_limit(self.deposit_margin))),
        );
        let returned = match dry_run.outcome {
            Ok(returned) if !returned.reverted => returned,
            // A refusal: nothing to submit (on chain it would only cost a fee).
            other => {
                return Executed {
                    outcome: other,
                    cost,
                    events: Vec::new(),
                    failed_in_block: false,
                }
            }
        };
        let submitted = self
            .signer(caller)
            .map_err(|error| (false, error))
            .and_then(|signer| self.submit_watched(&payload(limits.0, limits.1), &signer));
        match submitted {
            Ok(events) => {
                let (events, instantiated) = contract_events(events.iter());
                let address = returned.address.or(instantiated);
                Executed {
                    outcome: Ok(Returned {
                        address,
                        ..returned
                    }),
                    cost,
                    events,
                    failed_in_block: false,
                }
            }
            Err((failed_in_block, error)) => Executed {
                outcome: Err(error),
                cost,
                events: Vec::new(),
                failed_in_block,
            },
        }
    }
}

impl Backend for NodeBackend {
    fn upload(&mut self, name: &str, wasm: &[u8]) -> Result<Hash, String> {
        let hash = code_hash(wasm);
        if self.has_code(hash)? {
            return Ok(hash);
        }
        let origin = self.funder();
        let bytes = self.state_call(
            "ContractsApi_upload_code",
            (
                origin,
                wasm.to_vec(),
                None::<Balance>,
                Determinism::Enforced,
            ),
        )?;
        let deposit = match <Result<(Hash, Balance), ()>>::decode(&mut &bytes[..]) {
            Ok(Ok((_, deposit))) => deposit,
            _ => {
                let error = self.dispatch_error(bytes.get(1..).unwrap_or_default());
                return Err(format!("uploading {name}: {error}"));
            }
        };
        let upload = dynamic::tx(
            "Contracts",
            "upload_code",
            vec![
                Value::from_bytes(wasm),
                some(Value::u128(deposit)),
                Value::unnamed_variant("Enforced", []),
            ],
        );
        let funder = self.funder.clone();
        self.submit(&upload, &funder)?;
        Ok(hash)
    }

    fn account(&mut self, name: &str) -> AccountId {
        let pair = dev_keypair(name).expect("a name makes a valid dev key");
        let account = account_of(&pair);
        self.signers.insert(account, pair);
        if self.native_balance(account) < ACCOUNT_FUNDS / 2 {
            let transfer = dynamic::tx(
                "Balances",
                "transfer_keep_alive",
                vec![
                    Value::unnamed_variant("Id", [Value::from_bytes(account)]),
                    Value::u128(ACCOUNT_FUNDS),
                ],
            );
            let funder = self.funder.clone();
            self.submit(&transfer, &funder)
                .unwrap_or_else(|error| panic!("funding {name}: {error}"));
        }
        account
    }

    fn native_balance(&mut self, account: AccountId) -> Balance {
        let key = dynamic::storage("System", "Account", vec![Value::from_bytes(account)]);
        let info = self.fetch(&key).expect("reading an account");
        info.and_then(|info| info.at("data")?.at("free")?.as_u128())
            .unwrap_or(0)
    }

    fn code_hash_at(&mut self, account: AccountId) -> Option<Hash> {
        NodeBackend::code_hash_at(self, account).expect("reading a contract's info")
    }

    fn now(&mut self) -> Timestamp {
        self.timestamp(None).expect("reading the time")
    }

    fn set_time(&mut self, millis: Timestamp) {
        self.move_clock(millis);
        self.seal_block().expect("sealing a block at the new time");
    }

    fn instantiate(
        &mut self,
        caller: AccountId,
        code_hash: Hash,
        input: Vec<u8>,
        value: Balance,
        salt: Vec<u8>,
    ) -> Executed {
        let request = InstantiateRequest {
            origin: caller,
            value,
            gas_limit: None,
            storage_deposit_limit: None,
            code: Code::Existing(code_hash),
            data: input.clone(),
            salt: salt.clone(),
        };
        let dry_run = match self
            .state_call("ContractsApi_instantiate", request)
            .and_then(|bytes| DryRun::decode(&bytes, true, |error| self.dispatch_error(error)))
        {
            Ok(dry_run) => dry_run,
            Err(error) => return failed(error),
        };
        self.execute(caller, dry_run, |gas, deposit| {
            dynamic::tx(
                "Contracts",
                "instantiate",
                vec![
                    Value::u128(value),
                    gas,
                    deposit,
                    Value::from_bytes(code_hash),
                    Value::from_bytes(input),
                    Value::from_bytes(salt),
                ],
            )
        })
    }

    fn call(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Executed {
        let dry_run = match self.dry_run_call(caller, contract, &input, value) {
            Ok(dry_run) => dry_run,
            Err(error) => return failed(error),
        };
        self.execute(caller, dry_run, |gas, deposit| {
            call_payload(contract, value, gas, deposit, input)
        })
    }

    fn query(&mut self, contract: AccountId, input: Vec<u8>) -> Result<Returned, String> {
        self.dry_run_call(self.funder(), contract, &input, 0)?
            .outcome
    }

    /// The events of blocks `block` to the best one, read block by block (at most
    /// [`MAX_HISTORY_BLOCKS`] of them).
    fn events_since(&mut self, block: u64) -> Result<Vec<ContractEvent>, String> {
        let best = u64::from(self.best_block()?);
        if best.saturating_sub(block) > MAX_HISTORY_BLOCKS {
            return Err(format!(
                "history from block {block} means reading {} blocks, more than {MAX_HISTORY_BLOCKS}",
                best.saturating_sub(block)
            ));
        }
        let mut events = Vec::new();
        for number in block..=best {
            events.extend(self.contract_events_at(number)?);
        }
        Ok(events)
    }

    /// The runtime API's dry run on the best block, with the events it would emit:
    /// substrate-contracts-node collects them (`CollectEvents::UnsafeCollect`); a node that
    /// does not reports none. What it collects is the block's whole event list, the block's own
    /// events first: those are skipped.
    fn dry_call(
        &mut self,
        caller: AccountId,
        contract: AccountId,
        input: Vec<u8>,
        value: Balance,
    ) -> Executed {
        let best = self.block_on(async {
            let hash = self.best_hash().await?;
            let before = self.client.blocks().at(hash).await?.events().await?.len();
            Ok::<_, subxt::Error>((hash, before))
        });
        let (at, before) = match best {
            Ok(best) => best,
            Err(error) => return failed(text(error)),
        };
        let dry_run = match self.dry_run_call_at(caller, contract, &input, value, Some(at)) {
            Ok(dry_run) => dry_run,
            Err(error) => return failed(error),
        };
        self.last_trace.clone_from(&dry_run.trace);
        let gas = dry_run.gas_required.with_margin();
        self.last_limits = Limits {
            ref_time: gas.ref_time,
            proof_size: gas.proof_size,
            storage_deposit: dry_run.deposit_limit(self.deposit_margin),
        };
        let events = dry_run.events.clone().map_or_else(Vec::new, |bytes| {
            let events = Events::<Config>::decode_from(bytes, self.client.metadata());
            let own = events
                .iter()
                .skip(usize::try_from(before).unwrap_or(usize::MAX));
            contract_events(own).0
        });
        Executed {
            cost: dry_run.cost(),
            outcome: dry_run.outcome,
            events,
            failed_in_block: false,
        }
    }

    fn snapshot(&mut self) -> Option<crate::chain::Snapshot> {
        None
    }

    fn restore(&mut self, _snapshot: crate::chain::Snapshot) {
        unreachable!("a live node takes no snapshots")
    }

    fn block_number(&mut self) -> u64 {
        self.best_block().expect("reading the best block").into()
    }

    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

async fn connect(url: &str) -> Result<(OnlineClient<Config>, RpcClient), NodeError> {
    let rpc = RpcClient::from_insecure_url(url)
        .await
        .map_err(|error| format!("connecting to {}: {error}", shown_url(url)))?;
    let client = OnlineClient::from_rpc_client(rpc.clone())
        .await
        .map_err(|error| format!("reading {}'s metadata: {error}", shown_url(url)))?;
    Ok((client, rpc))
}

/// The key pair of a secret. Errors: not a secret URI, in words that do not repeat it.
pub fn keypair(secret: &Secret) -> Result<Keypair, NodeError> {
    let invalid = |error: &dyn std::fmt::Display| {
        format!("the signer's secret URI is not valid ({error}); it is not shown here")
    };
    let uri = SecretUri::from_str(&secret.0).map_err(|error| invalid(&error))?;
    Keypair::from_uri(&uri).map_err(|error| invalid(&error))
}

/// The key pair of a development account (`//Alice`, `//Bob`...), for tests and dev chains.
pub fn dev_keypair(name: &str) -> Result<Keypair, NodeError> {
    keypair(&Secret(format!("//{name}")))
}

fn is_dev_chain(runtime: &tokio::runtime::Runtime, rpc: &RpcClient) -> Result<bool, NodeError> {
    let kind: serde_json::Value = runtime
        .block_on(rpc.request("system_chainType", subxt::backend::rpc::rpc_params![]))
        .map_err(text)?;
    Ok(matches!(kind.as_str(), Some("Development" | "Local")))
}

/// The account of a key pair.
pub fn account_of(pair: &Keypair) -> AccountId {
    AccountId::from(pair.public_key().0)
}

/// The code hash pallet-contracts gives `wasm` (BLAKE2-256).
pub fn code_hash(wasm: &[u8]) -> Hash {
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Blake2x256>(wasm, &mut out);
    Hash::from(out)
}

/// The events contracts emitted among `events`, and the address of a contract instantiated.
fn contract_events<E>(
    events: impl Iterator<Item = Result<EventDetails<Config>, E>>,
) -> (Vec<ContractEvent>, Option<AccountId>) {
    let mut emitted = Vec::new();
    let mut instantiated = None;
    for event in events.flatten() {
        if event.pallet_name() != "Contracts" {
            continue;
        }
        match event.variant_name() {
            "ContractEmitted" => {
                if let Ok((contract, data)) =
                    <(AccountId, Vec<u8>)>::decode(&mut event.field_bytes())
                {
                    let topics = event.topics().iter().map(|topic| topic.0).collect();
                    emitted.push(ContractEvent {
                        contract,
                        topics,
                        data,
                    });
                }
            }
            "Instantiated" => {
                if let Ok((_deployer, contract)) =
                    <(AccountId, AccountId)>::decode(&mut event.field_bytes())
                {
                    instantiated = Some(contract);
                }
            }
            _ => {}
        }
    }
    (emitted, instantiated)
}

/// A `Contracts::call` extrinsic.
fn call_payload(
    contract: AccountId,
    value: Balance,
    gas: Value,
    deposit: Value,
    input: Vec<u8>,
) -> DynamicPayload {
    dynamic::tx(
        "Contracts",
        "call",
        vec![
            Value::unnamed_variant("Id", [Value::from_bytes(contract)]),
            Value::u128(value),
            gas,
            deposit,
            Value::from_bytes(input),
        ],
    )
}

fn failed(error: NodeError) -> Executed {
    Executed {
        outcome: Err(error),
        cost: Cost::default(),
        events: Vec::new(),
        failed_in_block: false,
    }
}

fn some(value: Value) -> Value {
    Value::unnamed_variant("Some", [value])
}

fn text(error: impl std::fmt::Display) -> NodeError {
    error.to_string()
}

/// This machine's clock, in milliseconds since 1970.
pub fn wall_clock() -> Timestamp {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as Timestamp)
        .unwrap_or(0)
}

/// An RPC address as it may be shown: its scheme, host and port only (a path or query may carry
/// an API key, and a user name and password may precede the host).
pub fn shown_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let hidden = if host.len() + scheme.len() + 3 < url.len() {
        "/..."
    } else {
        ""
    };
    match scheme {
        "" => format!("{host}{hidden}"),
        scheme => format!("{scheme}://{host}{hidden}"),
    }
}

/// The bytes of `0x`-prefixed hex (the prefix may be left out). Errors: an odd length or a
/// character that is no hex digit.
pub fn unhex(text: &str) -> Result<Vec<u8>, NodeError> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    (0..digits.len())
        .step_by(2)
        .map(|at| {
            digits
                .get(at..at + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| format!("not hex: {text}"))
        })
        .collect()
}

/// `bytes` in lower-case hex, without `0x`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of each storage item [`deposit_margin`] allows for: more than any entry of the
/// platform's contracts (an escrow's balance entry, a schedule, an engagement record).
pub const MARGIN_ITEM_BYTES: u128 = 512;
/// How many new storage items [`deposit_margin`] allows for: a deposit whose entries were all
/// removed since its dry run needs three again (the caller's escrow balance, the escrow's total
/// of the asset, the escrow's balance in the token).
pub const MARGIN_ITEMS: u128 = 4;

/// What a storage-deposit limit allows above the dry run's charge (beside a tenth more): the
/// deposit of [`MARGIN_ITEMS`] new storage items of [`MARGIN_ITEM_BYTES`] each, at the
/// runtime's `DepositPerItem` and `DepositPerByte`. State can move between the dry run and the
/// block (another call removes entries this one then needs again): without a margin the call
/// fails with `StorageDepositLimitExhausted`. The margin is a cap, not a charge: only what the
/// call stores is paid.
pub fn deposit_margin(per_item: Balance, per_byte: Balance) -> Balance {
    per_item
        .saturating_add(per_byte.saturating_mul(MARGIN_ITEM_BYTES))
        .saturating_mul(MARGIN_ITEMS)
}

/// The limits of a contract-call extrinsic (see [`NodeBackend::last_limits`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Gas limit, computation part.
    pub ref_time: u64,
    /// Gas limit, proof-size part (bytes).
    pub proof_size: u64,
    /// Storage-deposit limit, in the chain's smallest native units.
    pub storage_deposit: Balance,
}

// The runtime API's types (pallet-contracts, as substrate-contracts-node 0.42 runs it).

#[derive(Encode, Decode, Clone, Copy, Debug, Default)]
#[codec(crate = ink::scale)]
struct Weight {
    #[codec(compact)]
    ref_time: u64,
    #[codec(compact)]
    proof_size: u64,
}

impl Weight {
    /// A tenth more than the dry run needed (state can move a little before the extrinsic
    /// runs), and [`traits::calls::UNTRUSTED_CALL_RESERVE`] more ref_time: a manager calls an
    /// instrument only while it has that much left besides what the instrument gets, which a
    /// dry run with unlimited gas does not count in what it says is required. Without it a
    /// call with little work after the instrument's (a renewal) is refused on chain
    /// (`InstrumentCallFailed`) though its dry run passed.
    fn with_margin(self) -> Self {
        Self {
            ref_time: self
                .ref_time
                .saturating_add(self.ref_time / 10)
                .saturating_add(traits::calls::UNTRUSTED_CALL_RESERVE),
            proof_size: self.proof_size.saturating_add(self.proof_size / 10),
        }
    }

    fn value(self) -> Value {
        Value::named_composite([
            ("ref_time", Value::u128(self.ref_time.into())),
            ("proof_size", Value::u128(self.proof_size.into())),
        ])
    }
}

#[derive(Encode)]
#[codec(crate = ink::scale)]
enum Determinism {
    Enforced,
}

/// Which code to instantiate (`Upload(Vec<u8>)`, index 0, is never used here).
#[derive(Encode)]
#[codec(crate = ink::scale)]
enum Code {
    #[codec(index = 1)]
    Existing(Hash),
}

#[derive(Encode)]
#[codec(crate = ink::scale)]
struct CallRequest {
    origin: AccountId,
    dest: AccountId,
    value: Balance,
    gas_limit: Option<Weight>,
    storage_deposit_limit: Option<Balance>,
    input_data: Vec<u8>,
}

#[derive(Encode)]
#[codec(crate = ink::scale)]
struct InstantiateRequest {
    origin: AccountId,
    value: Balance,
    gas_limit: Option<Weight>,
    storage_deposit_limit: Option<Balance>,
    code: Code,
    data: Vec<u8>,
    salt: Vec<u8>,
}

#[derive(Decode)]
#[codec(crate = ink::scale)]
enum StorageDeposit {
    Refund(Balance),
    Charge(Balance),
}

/// A dry run's answer (`ContractResult`): gas, deposit, and what the contract returned.
struct DryRun {
    gas_consumed: Weight,
    gas_required: Weight,
    deposit: i128,
    outcome: Result<Returned, NodeError>,
    /// The encoded `Vec<EventRecord>` the runtime collected, if it collects them.
    events: Option<Vec<u8>>,
    /// Its debug buffer: every host function the call ran, on a node started with
    /// `-lruntime::contracts::strace=trace` (empty otherwise).
    trace: String,
}

impl DryRun {
    fn decode(
        bytes: &[u8],
        instantiation: bool,
        dispatch_error: impl Fn(&[u8]) -> NodeError,
    ) -> Result<Self, NodeError> {
        let input = &mut &bytes[..];
        let malformed = |error: ink::scale::Error| format!("malformed dry-run answer: {error}");
        let gas_consumed = Weight::decode(input).map_err(malformed)?;
        let gas_required = Weight::decode(input).map_err(malformed)?;
        let deposit = match StorageDeposit::decode(input).map_err(malformed)? {
            StorageDeposit::Charge(amount) => amount as i128,
            StorageDeposit::Refund(amount) => -(amount as i128),
        };
        let debug_message = Vec::<u8>::decode(input).map_err(malformed)?;
        let trace = String::from_utf8_lossy(&debug_message).into_owned();
        let mut events = None;
        let outcome = match u8::decode(input).map_err(malformed)? {
            0 => {
                let flags = u32::decode(input).map_err(malformed)?;
                let data = Vec::<u8>::decode(input).map_err(malformed)?;
                let address = if instantiation {
                    Some(AccountId::decode(input).map_err(malformed)?)
                } else {
                    None
                };
                // `events: Option<Vec<EventRecord>>` follows (pallet-contracts 31).
                if let Ok(1) = u8::decode(input) {
                    events = Some(input.to_vec());
                }
                Ok(Returned {
                    reverted: flags & 1 == 1,
                    data,
                    address,
                })
            }
            // The runtime's error; anything after it (the events some runtimes append) is
            // ignored by the decoder.
            _ => Err(dispatch_error(input)),
        };
        Ok(Self {
            gas_consumed,
            gas_required,
            deposit,
            outcome,
            events,
            trace,
        })
    }

    fn cost(&self) -> Cost {
        Cost {
            ref_time: self.gas_consumed.ref_time,
            proof_size: self.gas_consumed.proof_size,
            storage_deposit: self.deposit,
        }
    }

    /// The storage-deposit limit of the extrinsic: what the dry run charged (nothing, for a
    /// refund), a tenth more, and `margin` (see [`deposit_margin`]).
    fn deposit_limit(&self, margin: Balance) -> Balance {
        let charged = self.deposit.max(0) as Balance;
        charged.saturating_add(charged / 10).saturating_add(margin)
    }
}

#[cfg(test)]
mod tests {
    use super::{deposit_margin, shown_url, Secret, DEV_PHRASE, MARGIN_ITEMS};

    #[test]
    fn the_public_development_keys_are_known_and_no_other() {
        for dev in ["//Alice", "//Bob//stash", "/soft", DEV_PHRASE] {
            assert!(Secret::new(dev).unwrap().is_dev_key(), "{dev}");
        }
        let derived = format!("{DEV_PHRASE}//Alice");
        assert!(Secret::new(derived).unwrap().is_dev_key());
        let own = "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert!(!Secret::new(own).unwrap().is_dev_key());
    }

    #[test]
    fn a_secret_that_makes_no_key_is_refused_without_being_repeated() {
        let error = Secret::new("correct horse battery staple-7f3a").unwrap_err();
        assert!(!error.contains("staple-7f3a"), "{error}");
        assert_eq!(
            format!("{:?}", Secret::new("//Alice").unwrap()),
            "Secret(hidden)"
        );
    }

    #[test]
    fn an_rpc_address_is_shown_without_path_query_or_credentials() {
        assert_eq!(shown_url("ws://127.0.0.1:9944"), "ws://127.0.0.1:9944");
        assert_eq!(
            shown_url("wss://user:pw@rpc.example.org/v1/api-key?x=1"),
            "wss://rpc.example.org/..."
        );
        assert_eq!(
            shown_url("wss://rpc.example.org/"),
            "wss://rpc.example.org/..."
        );
    }

    #[test]
    fn the_deposit_margin_is_four_items_of_512_bytes() {
        assert_eq!(MARGIN_ITEMS, 4);
        assert_eq!(deposit_margin(10, 1), 4 * (10 + 512));
        assert_eq!(deposit_margin(u128::MAX, 1), u128::MAX);
    }
}
