//! `nuts deploy`: the platform on a live chain. Uploads each contract's code once (code already
//! on chain is re-used), instantiates the NUTS token, the price oracle, the registry with its
//! Config and the typed forms front-ends dry-run (`lending_forms`, `swap_forms`) and, with
//! `examples`, test tokens, a price and the example instruments activated. Every call is
//! dry-run first (gas and storage-deposit limits). What was deployed is written to
//! `deployments/<chain>.json` after every step, with the chain's genesis hash and no RPC
//! address, so a re-run (after a failure, say) does only what is missing.
//!
//! A re-run trusts nothing it recorded: it first checks every recorded contract against the
//! chain (its code hash against this build's, the registry's admin and Config, each domain's
//! manager against the registry) and reports what differs. On a development chain, and
//! elsewhere when asked (`--redeploy-stale`), it then redeploys what is stale (and what names
//! it) and sets a stale Config; otherwise it refuses and changes nothing.

use std::path::{Path, PathBuf};

use client::{
    chain::{constructor_input, CallError, Chain},
    clients::refs::{
        BorrowingV1Ref, LendingFormsRef, LendingV1Ref, LendingV2Ref, LendingV3Ref, MultiSwapV2Ref,
        NutsTokenRef, PriceOracleRef, RegistryRef, SpotSwapV1Ref, SwapFormsRef, TestTokenRef,
    },
    clients::{Oracle, Registry, Token},
    contracts::{self, Contract},
    platform::platform_config,
};
use serde_json::{json, Map, Value};
use traits::{AccountId, Balance, ManagerVersion, Timestamp};

use client::node::{hex, shown_url, NodeBackend, Secret};

/// One whole NUTS: `nuts_token` has 18 decimals, as the original platform's ERC20.
pub const NUTS_UNIT: Balance = 1_000_000_000_000_000_000;
/// NUTS an FSP locks to activate an instrument on a chain deployed by `nuts deploy`: 1000 NUTS.
pub const INSTRUMENT_DEPOSIT: Balance = 1_000 * NUTS_UNIT;
/// NUTS minted to the deployer (100 million), and the most there may ever be (a billion).
pub const DEPLOYED_NUTS: (Balance, Balance) = (100_000_000 * NUTS_UNIT, 1_000_000_000 * NUTS_UNIT);
/// Decimals of the example test tokens (USD and GOLD), as many as a Substrate chain's own
/// currency: written in the deployment record (the test token has no PSP22Metadata), so
/// `1.5USD` is 1.5 * 10^12 of its smallest units.
pub const TEST_TOKEN_DECIMALS: u8 = 12;
/// Test tokens minted to the deployer (examples only): a billion whole tokens of each.
pub const TEST_TOKEN_SUPPLY: Balance = 1_000_000_000 * 10u128.pow(TEST_TOKEN_DECIMALS as u32);
const DAY_MS: Timestamp = 86_400_000;

/// What to deploy, where.
pub struct Options {
    /// The node's RPC endpoint (`ws://127.0.0.1:9944`): never recorded.
    pub url: String,
    /// The deployer's secret: the platform admin (`None`: `//Alice`, on development chains
    /// only).
    pub secret: Option<Secret>,
    /// Also deploy the examples: test tokens (dev chains only), a price, and a lending
    /// instrument activated on each manager version by the deployer as FSP.
    pub examples: bool,
    /// Where `<chain>.json` goes (`deployments/`).
    pub dir: PathBuf,
    /// The clock offset file of a [`LocalNode`](client::local_node::LocalNode), if any.
    pub clock: Option<PathBuf>,
    /// Off development chains, redeploy the recorded contracts a re-run finds stale (and set a
    /// stale Config) instead of refusing. Development chains always do.
    pub redeploy_stale: bool,
}

/// The chain a deployment goes to.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Its name (`system_chain`).
    pub name: &'a str,
    /// Whether it is a development chain.
    pub dev: bool,
    /// Its genesis hash (`0x`, hex): what the record is keyed by.
    pub genesis: &'a str,
}

/// The deployment: its file and the chain it is on (to go on using it).
pub struct Deployment {
    /// `deployments/<chain>.json`.
    pub file: PathBuf,
    /// Its content.
    pub record: Value,
    /// The chain, with every platform contract's code uploaded (a [`deploy_on`] caller keeps
    /// its own).
    pub chain: Option<Chain>,
    /// The deployer (platform admin, and FSP of the examples).
    pub admin: AccountId,
}

/// The file name of a chain: `local` for a development chain, else its name in lower case with
/// dashes.
pub fn chain_slug(name: &str, dev: bool) -> String {
    if dev {
        return "local".into();
    }
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug.trim_matches('-').to_string()
}

/// Deploys (or completes the deployment of) the platform on the node at `options.url`;
/// `progress` gets one line per step.
pub fn deploy(options: &Options, mut progress: impl FnMut(&str)) -> Result<Deployment, String> {
    progress(&format!("connecting to {}", shown_url(&options.url)));
    let backend =
        NodeBackend::connect(&options.url, options.secret.as_ref(), options.clock.clone())?;
    let (name, dev) = (backend.chain_name()?, backend.is_dev_chain()?);
    let genesis = backend.genesis_hash();
    let admin = backend.funder();
    let mut chain = Chain::on(Box::new(backend), &[], |_, _| {})?;
    let target = Target {
        name: &name,
        dev,
        genesis: &genesis,
    };
    let deployment = deploy_on(&mut chain, admin, target, options, progress)?;
    Ok(Deployment {
        chain: Some(chain),
        ..deployment
    })
}

/// Deploys (or completes the deployment of) the platform on `chain` (any backend: a live node
/// in [`deploy`], the in-process chain in the tests) as `admin`, on `target`. `options.url`,
/// `secret` and `clock` are not used. Errors: the examples off a development chain, a record
/// of another chain, a stale record (see the module's docs), a refused call.
pub fn deploy_on(
    chain: &mut Chain,
    admin: AccountId,
    target: Target,
    options: &Options,
    mut progress: impl FnMut(&str),
) -> Result<Deployment, String> {
    let Target { name, dev, genesis } = target;
    if options.examples && !dev {
        return Err(format!(
            "refusing to deploy the examples to '{name}': they include test tokens anyone can \
             mint, for development chains only"
        ));
    }
    let file = options.dir.join(format!("{}.json", chain_slug(name, dev)));
    let mut record = read_record(&file)?;
    if let Some(recorded) = record.get("genesis_hash").and_then(Value::as_str) {
        if recorded != genesis && !dev {
            return Err(format!(
                "{} records the chain with genesis {recorded}; this node's chain has genesis \
                 {genesis}: another chain. Deploy to another --out directory",
                file.display()
            ));
        }
        if recorded != genesis {
            let old = file.with_extension(format!("{}.json", &recorded[..recorded.len().min(10)]));
            std::fs::rename(&file, &old).map_err(|error| format!("{}: {error}", file.display()))?;
            progress(&format!(
                "{} recorded another development chain (genesis {recorded}): moved to {}",
                file.display(),
                old.display()
            ));
            record = Map::new();
        }
    }
    record.insert("chain".into(), json!(name));
    record.insert("genesis_hash".into(), json!(genesis));
    // An RPC address may carry an API key: never recorded.
    record.remove("url");

    progress("building the contracts (release Wasm; minutes the first time)");
    let mut code = Map::new();
    for contract in contracts::deployable() {
        let hash = chain.upload(contract)?;
        let hash = format!("0x{}", hex(hash.as_ref()));
        progress(&format!("code of {} on chain: {hash}", contract.name));
        code.insert(contract.name.into(), json!(hash));
    }
    record.insert("code_hashes".into(), Value::Object(code.clone()));
    let stale = differences(chain, &record, &code, admin);
    if stale.is_empty() && record.contains_key("registry") {
        progress(
            "checked the record against the chain: every recorded contract runs this build's \
             code, the registry's admin and Config and every domain match",
        );
    }
    if !stale.is_empty() {
        let report: Vec<String> = stale
            .iter()
            .map(|difference| format!("  - {difference}"))
            .collect();
        let report = report.join("\n");
        if !(dev || options.redeploy_stale) {
            return Err(format!(
                "{} does not match the chain:\n{report}\nnothing was changed; pass \
                 --redeploy-stale to deploy new contracts for these (the old ones stay on chain)",
                file.display()
            ));
        }
        progress(&format!("the record does not match the chain:\n{report}"));
    }
    let redeploy = stale_keys(&stale, &record);
    for key in &redeploy {
        progress(&format!("{key}: redeploying"));
        record.remove(key);
    }
    record.insert("admin".into(), account_json(admin));
    let mut deploy = Steps {
        redeploy,
        chain,
        record,
        file: &file,
        admin,
        progress: &mut progress,
    };
    let nuts = deploy.instance(
        "nuts_token",
        contracts::NUTS_TOKEN,
        constructor_input(NutsTokenRef::new(DEPLOYED_NUTS.1, DEPLOYED_NUTS.0)),
    )?;
    let oracle = deploy.instance(
        "price_oracle",
        contracts::PRICE_ORACLE,
        constructor_input(PriceOracleRef::new()),
    )?;
    let config = platform_config(deploy.chain, nuts, INSTRUMENT_DEPOSIT);
    let registry = Registry(deploy.instance(
        "registry",
        contracts::REGISTRY,
        constructor_input(RegistryRef::new(config)),
    )?);
    // A kept registry whose Config names older code (its instrument deposit stays the admin's).
    let on_chain = registry.config(deploy.chain);
    let config = platform_config(deploy.chain, nuts, on_chain.instrument_deposit);
    if on_chain != config {
        let set = registry.set_config(deploy.chain, admin, config);
        check("setting the registry's Config to this build's code", set)?;
        (deploy.progress)("registry: Config set to this build's code hashes");
    }
    // No state and never called by the platform: one instance of each serves every domain.
    let lending_forms = constructor_input(LendingFormsRef::new());
    deploy.instance("lending_forms", contracts::LENDING_FORMS, lending_forms)?;
    let swap_forms = constructor_input(SwapFormsRef::new());
    deploy.instance("swap_forms", contracts::SWAP_FORMS, swap_forms)?;
    if options.examples {
        deploy.examples(registry, Oracle(oracle), Token(nuts))?;
    }
    let Steps { record, .. } = deploy;
    progress(&format!("deployment written to {}", file.display()));
    Ok(Deployment {
        file,
        record: Value::Object(record),
        chain: None,
        admin,
    })
}

/// One way a deployment record does not match the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// No contract lives at the address recorded under `key` (a chain reset, or it closed).
    Missing { key: String },
    /// The contract recorded under `key` runs other code than this build's.
    StaleCode {
        key: String,
        on_chain: String,
        built: String,
    },
    /// The registry's admin is not the deployer.
    Admin { on_chain: String },
    /// The registry's Config names other code or another NUTS token than this deployment's.
    Config,
    /// The registry names another manager (or none) for the domain recorded under `key`.
    Domain { key: String },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Missing { key } => write!(f, "{key}: no contract at the recorded address"),
            Difference::StaleCode {
                key,
                on_chain,
                built,
            } => write!(f, "{key}: runs code {on_chain}, this build's is {built}"),
            Difference::Admin { on_chain } => {
                write!(f, "registry: its admin is {on_chain}, not the deployer")
            }
            Difference::Config => write!(
                f,
                "registry: its Config names other code or another NUTS token than this build's"
            ),
            Difference::Domain { key } => {
                write!(
                    f,
                    "{key}: the registry names another manager for this domain"
                )
            }
        }
    }
}

/// Where `record` does not match `chain`: each recorded contract against its code hash in
/// `code` (this build's, by contract name), the registry's admin against `admin` and its
/// Config against this build's, each domain's manager against the registry.
fn differences(
    chain: &mut Chain,
    record: &Map<String, Value>,
    code: &Map<String, Value>,
    admin: AccountId,
) -> Vec<Difference> {
    let whole = Value::Object(record.clone());
    let mut found = Vec::new();
    for (key, entry) in record {
        let Some(contract) = entry.get("contract").and_then(Value::as_str) else {
            continue;
        };
        let Some(address) = address(&whole, key) else {
            continue;
        };
        let built = code.get(contract).and_then(Value::as_str).unwrap_or("none");
        match chain.code_hash_at(address) {
            None => found.push(Difference::Missing { key: key.clone() }),
            Some(hash) if format!("0x{}", hex(hash.as_ref())) != built => {
                found.push(Difference::StaleCode {
                    key: key.clone(),
                    on_chain: format!("0x{}", hex(hash.as_ref())),
                    built: built.into(),
                })
            }
            Some(_) => {}
        }
    }
    let stale = |found: &[Difference], key: &str| {
        found
            .iter()
            .any(|difference| stale_key(difference) == Some(key))
    };
    let (Some(registry), Some(nuts)) = (address(&whole, "registry"), address(&whole, "nuts_token"))
    else {
        return found;
    };
    if stale(&found, "registry") {
        return found;
    }
    let registry = Registry(registry);
    let on_chain = registry.admin(chain);
    if on_chain != admin {
        found.push(Difference::Admin {
            on_chain: ss58(on_chain),
        });
    }
    let config = registry.config(chain);
    if !stale(&found, "nuts_token")
        && config != platform_config(chain, nuts, config.instrument_deposit)
    {
        found.push(Difference::Config);
    }
    for (key, entry) in record {
        let Some(id) = entry.get("instrument_id").and_then(Value::as_u64) else {
            continue;
        };
        if registry.manager_of(chain, id).map(|manager| manager.0) != address(&whole, key) {
            found.push(Difference::Domain { key: key.clone() });
        }
    }
    found
}

/// The record key a difference makes stale (a stale Config is set, not redeployed).
fn stale_key(difference: &Difference) -> Option<&str> {
    match difference {
        Difference::Missing { key }
        | Difference::StaleCode { key, .. }
        | Difference::Domain { key } => Some(key),
        Difference::Admin { .. } => Some("registry"),
        Difference::Config => None,
    }
}

/// The record keys to deploy anew for `stale`: the stale ones and every one that names them
/// (the registry names the NUTS token; the instruments name the oracle; a domain names its
/// registry and its instrument).
fn stale_keys(stale: &[Difference], record: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = stale
        .iter()
        .filter_map(stale_key)
        .map(String::from)
        .collect();
    let mut at = 0;
    while at < keys.len() {
        let key = keys[at].clone();
        for (other, entry) in record {
            let names_it = match key.as_str() {
                "nuts_token" => other == "registry",
                "price_oracle" => EXAMPLES.iter().any(|(example, ..)| example == other),
                "registry" => entry.get("instrument_id").is_some(),
                instrument => *other == format!("{instrument}_manager"),
            };
            if names_it && !keys.contains(other) {
                keys.push(other.clone());
            }
        }
        at += 1;
    }
    keys
}

/// Checks that the deployment `record` is of the chain whose genesis hash is `genesis`. A
/// record written before genesis hashes were recorded passes.
pub fn check_genesis(record: &Value, genesis: &str) -> Result<(), String> {
    match record.get("genesis_hash").and_then(Value::as_str) {
        Some(recorded) if recorded != genesis => Err(format!(
            "the deployment record is of the chain with genesis {recorded}; this node's chain \
             has genesis {genesis} (pass the --deployment of this chain, or the --url of that \
             one)"
        )),
        _ => Ok(()),
    }
}

/// The example instruments `nuts deploy --examples` activates, in domain order, by record key:
/// lending on each manager version (domains 1-3), borrowing (4), spot swap (5) and multi-swap
/// (6).
const EXAMPLES: [(&str, InstrumentKind, ManagerVersion); 6] = [
    ("lending_v1", InstrumentKind::Lending, ManagerVersion::V1),
    ("lending_v2", InstrumentKind::Lending, ManagerVersion::V2),
    ("lending_v3", InstrumentKind::Lending, ManagerVersion::V3),
    (
        "borrowing_v1",
        InstrumentKind::Borrowing,
        ManagerVersion::V1,
    ),
    ("spot_swap_v1", InstrumentKind::SpotSwap, ManagerVersion::V1),
    (
        "multi_swap_v2",
        InstrumentKind::MultiSwap,
        ManagerVersion::V2,
    ),
];

/// The instruments this platform ships, as an FSP deploys them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstrumentKind {
    /// Lending (the maker lends): interface v1, v2 or v3.
    Lending,
    /// Borrowing (the maker borrows): interface v1.
    Borrowing,
    /// Spot swap: interface v1.
    SpotSwap,
    /// Multi-swap: interface v2.
    MultiSwap,
}

impl InstrumentKind {
    /// The manager versions it is written for.
    pub fn versions(self) -> &'static [ManagerVersion] {
        match self {
            InstrumentKind::Lending => {
                &[ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3]
            }
            InstrumentKind::Borrowing | InstrumentKind::SpotSwap => &[ManagerVersion::V1],
            InstrumentKind::MultiSwap => &[ManagerVersion::V2],
        }
    }
}

/// The contract and constructor input of `kind` written for manager `version`, with the
/// default terms (offers open 1 to 14 days, renewable to 28 in all; loans of 2 to 90 days)
/// and `oracle` pricing loans' collateral. Errors: a version the instrument is not written
/// for.
pub fn instrument_constructor(
    chain: &mut Chain,
    kind: InstrumentKind,
    version: ManagerVersion,
    oracle: Oracle,
) -> Result<(Contract, Vec<u8>), String> {
    use InstrumentKind::*;
    let terms = lending_logic::LendingTerms::default();
    let offers = offer_logic::OfferTerms::default();
    Ok(match (kind, version) {
        (Lending, ManagerVersion::V1) => (
            contracts::LENDING_V1,
            constructor_input(LendingV1Ref::new(oracle.0, terms)),
        ),
        (Lending, ManagerVersion::V2) => (
            contracts::LENDING_V2,
            constructor_input(LendingV2Ref::new(oracle.0, terms)),
        ),
        (Lending, ManagerVersion::V3) => {
            let issuance = chain.upload(contracts::LENDING_ISSUANCE)?;
            let new = LendingV3Ref::new(issuance, oracle.0, terms);
            (contracts::LENDING_V3, constructor_input(new))
        }
        (Borrowing, ManagerVersion::V1) => (
            contracts::BORROWING_V1,
            constructor_input(BorrowingV1Ref::new(oracle.0, terms)),
        ),
        (SpotSwap, ManagerVersion::V1) => (
            contracts::SPOT_SWAP_V1,
            constructor_input(SpotSwapV1Ref::new(offers)),
        ),
        (MultiSwap, ManagerVersion::V2) => (
            contracts::MULTI_SWAP_V2,
            constructor_input(MultiSwapV2Ref::new(offers)),
        ),
        (kind, version) => {
            return Err(format!(
                "{kind:?} is written for {:?}, not {version:?}",
                kind.versions()
            ))
        }
    })
}

/// The deployment in progress: every finished step is written to the file at once.
struct Steps<'a, P: FnMut(&str)> {
    /// Keys deployed anew: their salt adds the block number, since the contract recorded
    /// before may still live at the address the key alone gives.
    redeploy: Vec<String>,
    chain: &'a mut Chain,
    record: Map<String, Value>,
    file: &'a Path,
    admin: AccountId,
    progress: &'a mut P,
}

impl<P: FnMut(&str)> Steps<'_, P> {
    /// The contract recorded as `key` if it still lives on chain, else a new instance of
    /// `contract` (constructor `new(args)`, by the admin), recorded.
    fn instance(
        &mut self,
        key: &str,
        contract: Contract,
        input: Vec<u8>,
    ) -> Result<AccountId, String> {
        if let Some(existing) = self.existing(key)? {
            (self.progress)(&format!("{key}: already deployed at {}", ss58(existing)));
            return Ok(existing);
        }
        let salt = match self.redeploy.iter().any(|stale| stale == key) {
            true => format!("{key} {}", self.chain.block_number()).into_bytes(),
            false => key.as_bytes().to_vec(),
        };
        let address = self
            .chain
            .instantiate(contract, self.admin, input, 0, &salt)
            .map_err(|error| {
                let why = describe(&error);
                let hint = if why.contains("DuplicateContract") {
                    " (this deployer already deployed it on this chain: the deployment record in \
                     --out is missing or another; use the record `nuts deploy` wrote)"
                } else {
                    ""
                };
                format!("instantiating {key}: {why}{hint}")
            })?;
        let block = self.chain.block_number();
        (self.progress)(&format!("{key}: {} (block {block})", ss58(address)));
        let mut entry = account_json(address);
        entry["contract"] = json!(contract.name);
        entry["block"] = json!(block);
        self.record.insert(key.into(), entry);
        self.save()?;
        Ok(address)
    }

    fn existing(&mut self, key: &str) -> Result<Option<AccountId>, String> {
        let Some(address) = address(&Value::Object(self.record.clone()), key) else {
            return Ok(None);
        };
        Ok(self.chain.is_contract(address).then_some(address))
    }

    /// Test tokens, a USD/GOLD price, and the example instruments activated: lending on each
    /// manager version (domains 1-3), borrowing (4), spot swap (5) and multi-swap (6).
    fn examples(&mut self, registry: Registry, oracle: Oracle, nuts: Token) -> Result<(), String> {
        // The test tokens have no PSP22Metadata (their code stays the benchmarks' fixture): the
        // record names them, as it may name any token a deployment uses.
        let faucet = || constructor_input(TestTokenRef::new(TEST_TOKEN_SUPPLY));
        let usd = Token(self.instance("usd", contracts::TEST_TOKEN, faucet())?);
        self.name_token("usd", "USD")?;
        let gold = Token(self.instance("gold", contracts::TEST_TOKEN, faucet())?);
        self.name_token("gold", "GOLD")?;
        let admin = self.admin;
        // 1 USD is worth 0.5 GOLD (the demo's price), set once: a re-run keeps a price set since.
        if oracle.rate(self.chain, usd.asset(), gold.asset()).is_err() {
            let priced = oracle.set_rate(self.chain, admin, usd.asset(), gold.asset(), (1, 2));
            check("setting the USD/GOLD price", priced)?;
            (self.progress)("price: 1 USD = 0.5 GOLD");
        }
        for (key, kind, version) in EXAMPLES {
            let (contract, input) = instrument_constructor(self.chain, kind, version, oracle)?;
            let instrument = self.instance(key, contract, input)?;
            let domain = format!("{key}_manager");
            if self.existing(&domain)?.is_some() {
                (self.progress)(&format!("{domain}: already activated"));
                continue;
            }
            let approved = nuts.approve(self.chain, admin, registry.0, INSTRUMENT_DEPOSIT);
            check("approving the activation deposit", approved)?;
            let now = self.chain.now();
            let activated = registry.activate_instrument(
                self.chain,
                admin,
                version,
                instrument,
                now + 365 * DAY_MS,
                now + 60 * DAY_MS,
            );
            let id = check(&format!("activating {key}"), activated)?;
            let manager = registry
                .manager_of(self.chain, id)
                .ok_or("the registry names no manager for the new domain")?;
            let escrow = manager.instrument_escrow(self.chain);
            let block = self.chain.block_number();
            (self.progress)(&format!(
                "{key} activated on manager {}: instrument id {id}, manager {}, escrow {} (block {block})",
                version_name(version),
                ss58(manager.0),
                ss58(escrow.0)
            ));
            let mut entry = account_json(manager.0);
            entry["instrument_id"] = json!(id);
            entry["instrument_escrow"] = account_json(escrow.0);
            entry["block"] = json!(block);
            self.record.insert(domain, entry);
            self.save()?;
        }
        Ok(())
    }

    /// Writes `symbol` and [`TEST_TOKEN_DECIMALS`] into token `key`'s entry: how tools name a
    /// token without PSP22Metadata.
    fn name_token(&mut self, key: &str, symbol: &str) -> Result<(), String> {
        let entry = self.record.get_mut(key).ok_or("the token is recorded")?;
        entry["symbol"] = json!(symbol);
        entry["decimals"] = json!(TEST_TOKEN_DECIMALS);
        self.save()
    }

    fn save(&self) -> Result<(), String> {
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(&self.record).expect("JSON");
        std::fs::write(self.file, text + "\n")
            .map_err(|error| format!("writing {}: {error}", self.file.display()))
    }
}

fn version_name(version: ManagerVersion) -> &'static str {
    match version {
        ManagerVersion::V1 => "v1",
        ManagerVersion::V2 => "v2",
        ManagerVersion::V3 => "v3",
    }
}

fn check<T, E: std::fmt::Debug>(
    what: &str,
    reply: Result<Result<T, E>, CallError>,
) -> Result<T, String> {
    match reply {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(format!("{what}: refused with {error:?}")),
        Err(error) => Err(format!("{what}: {}", describe(&error))),
    }
}

fn describe(error: &CallError) -> String {
    match error {
        CallError::Dispatch(message) => message.clone(),
        other => format!("{other:?}"),
    }
}

fn read_record(file: &Path) -> Result<Map<String, Value>, String> {
    match std::fs::read_to_string(file) {
        Ok(text) => match serde_json::from_str(&text) {
            Ok(Value::Object(record)) => Ok(record),
            _ => Err(format!("{} is not a deployment record", file.display())),
        },
        Err(_) => Ok(Map::new()),
    }
}

/// The address recorded under `name` in a deployment record.
pub fn address(record: &Value, name: &str) -> Option<AccountId> {
    let hex_text = record.get(name)?.get("hex")?.as_str()?.strip_prefix("0x")?;
    let bytes: Vec<u8> = (0..hex_text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(hex_text.get(at..at + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    Some(AccountId::from(<[u8; 32]>::try_from(bytes).ok()?))
}

/// An account as Polkadot.js shows it (SS58, generic prefix 42).
pub fn ss58(account: AccountId) -> String {
    let bytes: [u8; 32] = *account.as_ref();
    subxt::utils::AccountId32::from(bytes).to_string()
}

/// An account for programs and records: SS58 and `0x` hex.
pub fn account_json(account: AccountId) -> Value {
    json!({ "address": ss58(account), "hex": format!("0x{}", hex(account.as_ref())) })
}
