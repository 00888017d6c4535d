//! The `nuts` commands of the people who use a deployed platform: anyone (`offers`, `show`,
//! `balances`), makers and takers (`deposit`, `withdraw`, `transfer`, `lend`, `borrow`,
//! `swap`, `multi-swap`, `engage`, `repay`, `cancel`, `renew`, `close`) and the FSP and the
//! admin (`fsp ...`, `config`).
//!
//! A [`Session`] is one signer on one deployment (the record `nuts deploy` wrote), on any
//! [`Chain`]: a live node for people, the in-process chain for the tests. Amounts are typed in
//! the token's own units (`1.5GOLD`, read with the token's PSP22Metadata decimals) and kept as
//! exact integers ([`amounts`]).
//!
//! Every manager call goes the same way ([`Session::act`]):
//! 1. a dry run, with the caller's whole instrument-escrow balance as the spending limit;
//! 2. what would leave the caller's account (the dry run's `AssetTransferred` events debiting
//!    the caller: its own transfers and its fee, what the manager's spending limit counts);
//! 3. the question, unless `--yes`;
//! 4. the call, with the spending limit set to exactly what the dry run showed;
//! 5. its events and the caller's balances after it.
//!
//! A refusal at any step sends nothing (the dry run's refusal is the chain's typed error, in
//! words).

mod commands;
mod web;

use std::fmt;

use amounts::{format_token_amount, parse_token_amount, AmountError, TokenUnit};
use client::{
    chain::{CallError, Message},
    clients::{Escrow, Manager, Oracle, Registry, Token},
    node::{ConnectError, NodeBackend},
    Chain, ContractEvent,
};
use ink::scale::{Decode, Encode};
use serde_json::{json, Value};
use traits::{
    events::AssetTransferred, AccountId, Asset, Balance, InstrumentId, IssuanceId, ManagerError,
    SpendingLimit, Timestamp, TransferKind, MAX_SPENDING_LIMIT_ASSETS,
};

use crate::args::{FspCommand, LoanTerms, On, Side, UserCommand};
use crate::deploy::{address, check_genesis, ss58};
use crate::words::{self, Names};

pub use commands::{AdminChange, Fsp, Kind, Terms};
pub use web::asset_arg;

/// Why a command stopped. Nothing was sent unless the error says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserError {
    /// A typed value was refused (unknown symbol, too many decimals, negative, wrong unit...):
    /// `flag` names the argument.
    Argument {
        /// The flag or argument (`--principal`, `AMOUNT`).
        flag: String,
        /// Why.
        error: AmountError,
    },
    /// The deployment record lacks what the command needs, or is no record.
    Deployment(String),
    /// An account was neither an SS58 address, nor 0x and 64 hex digits, nor a dev URI
    /// (`//Bob`).
    BadAccount(String),
    /// No instrument domain has this id in the deployment's registry.
    NoSuchDomain(InstrumentId),
    /// The domain has no issuance of this id (never, or closed).
    NoSuchIssuance {
        /// The domain.
        domain: InstrumentId,
        /// The issuance asked for.
        issuance: IssuanceId,
    },
    /// The command needs a loan or a swap and the issuance is not one (or not of this tool's
    /// instruments).
    WrongInstrument {
        /// What the command needs.
        needs: &'static str,
    },
    /// The offer can no longer be engaged: it expired at `expired` (block time).
    OfferExpired {
        /// When, in words.
        expired: String,
    },
    /// The caller's instrument-escrow account holds too little for the call.
    TooLittleInEscrow {
        /// What it holds, in words.
        holds: String,
        /// What the call needs, in words, where the command can tell.
        needs: String,
    },
    /// The caller's wallet holds too little of the token.
    TooLittleInWallet {
        /// What it holds, in words.
        holds: String,
        /// What was asked for, in words.
        needs: String,
    },
    /// The chain refused the call: its typed error, in words.
    Refused(String),
    /// No signer, or one that cannot be used (a secret that makes no key, a secret file others
    /// can read, a public development key off a development chain). The secret is never
    /// repeated.
    Signer(String),
    /// The node or the call failed (not a typed refusal).
    Call(String),
    /// The extrinsic was sent, included in a block and failed there (its dry run had passed:
    /// another transaction changed the state in between): its fee was paid, nothing else
    /// changed. The runtime's error, in words.
    FailedInBlock(String),
    /// The caller answered no: nothing was sent.
    Declined,
    /// A command of several transactions stopped half-way: what was sent, and why it stopped.
    Partial(String),
}

impl UserError {
    /// Whether nothing reached the chain (all but [`UserError::Partial`]: a call whose dry
    /// run refuses is not sent, and a refused call changes nothing).
    pub fn changed_nothing(&self) -> bool {
        !matches!(self, Self::Partial(_))
    }

    /// Whether something was sent to the chain: a command stopped half-way, or an extrinsic
    /// that failed in its block (whose fee was paid). False when the error came before
    /// sending (a dry run's refusal, bad input, a "no").
    pub fn was_sent(&self) -> bool {
        matches!(self, Self::Partial(_) | Self::FailedInBlock(_))
    }

    /// The error as `nuts` prints it: its words, then "(nothing was sent)" unless something
    /// was ([`UserError::was_sent`]).
    pub fn said(&self) -> String {
        let nothing_sent = if self.was_sent() {
            ""
        } else {
            " (nothing was sent)"
        };
        format!("{self}{nothing_sent}")
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Argument { flag, error } => write!(f, "{flag}: {error}"),
            Self::Deployment(why) => write!(f, "deployment record: {why}"),
            Self::BadAccount(text) => write!(
                f,
                "'{text}' is no account: give an SS58 address, 0x and 64 hex digits, or a dev \
                 URI such as //Bob"
            ),
            Self::NoSuchDomain(id) => write!(
                f,
                "no instrument domain {id} in this deployment's registry (`nuts offers` lists \
                 them)"
            ),
            Self::NoSuchIssuance { domain, issuance } => write!(
                f,
                "domain {domain} has no issuance {issuance} (never made, or closed)"
            ),
            Self::WrongInstrument { needs } => write!(f, "this issuance is not a {needs}"),
            Self::OfferExpired { expired } => {
                write!(
                    f,
                    "the offer expired at {expired}: it can no longer be engaged"
                )
            }
            Self::TooLittleInEscrow { holds, needs } => write!(
                f,
                "too little in your instrument-escrow account: it holds {holds}; this needs \
                 {needs} (`nuts deposit` first)"
            ),
            Self::TooLittleInWallet { holds, needs } => {
                write!(
                    f,
                    "too little in your wallet: it holds {holds}, not {needs}"
                )
            }
            Self::Refused(why) => write!(f, "refused: {why}"),
            Self::Signer(why) => write!(f, "signer: {why}"),
            Self::Call(why) => write!(f, "{why}"),
            Self::Declined => write!(f, "you said no"),
            Self::Partial(what) => write!(f, "{what}"),
            Self::FailedInBlock(why) => write!(
                f,
                "sent, and it failed in its block: {why} (its fee was paid; nothing else \
                 changed)"
            ),
        }
    }
}

impl From<CallError> for UserError {
    fn from(error: CallError) -> Self {
        match error {
            CallError::Dispatch(message) => Self::Call(message),
            CallError::FailedInBlock(message) => Self::FailedInBlock(message),
            other => Self::Call(format!("{other:?}")),
        }
    }
}

/// One signer on one deployment.
pub struct Session {
    /// The chain the deployment is on.
    pub chain: Chain,
    /// Who signs (`--suri`).
    pub me: AccountId,
    registry: Registry,
    oracle: Oracle,
    /// Every token the tool can name: the deployment's, with their PSP22Metadata.
    tokens: Vec<(Token, TokenUnit)>,
    /// The block the deployment began at: event history is read from there.
    start_block: u64,
    /// The NUTS token (the Config's).
    nuts: Asset,
    /// Asked before anything is sent; `true` goes on (`--yes` answers it always).
    confirm: Box<dyn FnMut(&str) -> bool>,
    /// Where the words for people go (stdout, or stderr under `--json`).
    say: Box<dyn FnMut(&str)>,
}

/// What a manager call returned, with what left the caller's account and its events in words.
pub struct Acted<T> {
    /// The call's own return value (an issuance id, an engagement id...).
    pub value: T,
    /// What left the caller's instrument-escrow account (fees included): the spending limit
    /// it was sent with.
    pub spent: SpendingLimit,
    /// Its platform events, in words.
    pub events: Vec<String>,
}

impl Session {
    /// A session of `me` on the deployment described by `record` (`deployments/<chain>.json`).
    /// Reads the registry, the oracle and every token of the record (entries made from
    /// `test_token` or `nuts_token`, and the addresses in its `tokens` list) with their
    /// PSP22Metadata, or else the `symbol` and `decimals` of their entry; tokens named by
    /// neither are left out.
    pub fn open(
        mut chain: Chain,
        me: AccountId,
        record: &Value,
        confirm: Box<dyn FnMut(&str) -> bool>,
        say: Box<dyn FnMut(&str)>,
    ) -> Result<Self, UserError> {
        let needed = |key: &str| {
            address(record, key).ok_or_else(|| UserError::Deployment(format!("no {key}")))
        };
        let registry = Registry(needed("registry")?);
        let oracle = Oracle(needed("price_oracle")?);
        // The deployment's tokens, with the symbol and decimals its record gives them (for
        // tokens without PSP22Metadata), then those its `tokens` list adds.
        let mut named: Vec<(AccountId, Option<(String, u8)>)> = Vec::new();
        for (key, entry) in record.as_object().into_iter().flatten() {
            let contract = entry.get("contract").and_then(Value::as_str);
            if !matches!(contract, Some("test_token" | "nuts_token")) {
                continue;
            }
            let recorded = entry["symbol"].as_str().zip(entry["decimals"].as_u64());
            let recorded = recorded.and_then(|(symbol, decimals)| {
                Some((symbol.to_string(), u8::try_from(decimals).ok()?))
            });
            if let Some(address) = address(record, key) {
                named.push((address, recorded));
            }
        }
        for listed in record
            .get("tokens")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let text = listed.as_str().unwrap_or_default();
            named.push((parse_account(text)?, None));
        }
        let mut tokens = Vec::new();
        for (address, recorded) in named {
            let token = Token(address);
            if let Some((symbol, decimals)) = token.metadata(&mut chain).or(recorded) {
                chain.label(token.0, &symbol);
                tokens.push((token, TokenUnit { symbol, decimals }));
            }
        }
        chain.label(registry.0, "registry");
        let start_block = record["registry"]["block"].as_u64().unwrap_or(0);
        let nuts = Asset::Token(registry.config(&mut chain).nuts_token);
        Ok(Self {
            nuts,
            chain,
            me,
            registry,
            oracle,
            tokens,
            start_block,
            confirm,
            say,
        })
    }

    /// Replaces the question asked before anything is sent (`true` goes on).
    pub fn set_confirm(&mut self, confirm: Box<dyn FnMut(&str) -> bool>) {
        self.confirm = confirm;
    }

    /// Says `line` to the person at the terminal.
    fn say(&mut self, line: &str) {
        (self.say)(line)
    }

    /// Asks `question` before anything is sent; `Declined` on no.
    fn ask(&mut self, question: &str) -> Result<(), UserError> {
        match (self.confirm)(question) {
            true => Ok(()),
            false => Err(UserError::Declined),
        }
    }

    /// The units of every token the tool names.
    pub fn units(&self) -> Vec<TokenUnit> {
        self.tokens.iter().map(|(_, unit)| unit.clone()).collect()
    }

    fn unit(&self, asset: Asset) -> Option<&TokenUnit> {
        let Asset::Token(address) = asset else {
            return None;
        };
        self.tokens
            .iter()
            .find(|(token, _)| token.0 == address)
            .map(|(_, unit)| unit)
    }

    /// `1.5GOLD` (typed for `flag`) as the token's asset and the amount in its smallest units (errors:
    /// unknown symbol, too many decimals, negative, not a number).
    pub fn parse_amount(&self, flag: &str, text: &str) -> Result<(Asset, Balance), UserError> {
        let units = self.units();
        let (unit, amount) =
            parse_token_amount(text, &units).map_err(|error| UserError::Argument {
                flag: flag.to_string(),
                error,
            })?;
        let token = self
            .tokens
            .iter()
            .find(|(_, known)| known == unit)
            .map(|(token, _)| token.asset())
            .expect("a parsed unit is one of the session's");
        Ok((token, amount))
    }

    /// An instrument domain of the registry: its manager (named, with its instrument escrow,
    /// for the words).
    fn manager(&mut self, domain: InstrumentId) -> Result<Manager, UserError> {
        let manager = self
            .registry
            .manager_of(&mut self.chain, domain)
            .ok_or(UserError::NoSuchDomain(domain))?;
        let name = format!("domain {domain}'s manager");
        if self.chain.name_of(manager.0) != name {
            self.chain.label(manager.0, &name);
            let escrow = manager.instrument_escrow(&mut self.chain);
            let name = format!("domain {domain}'s instrument escrow");
            self.chain.label(escrow.0, &name);
        }
        Ok(manager)
    }

    /// What `me` holds of each known token in `escrow` (non-zero only).
    fn holdings(&mut self, escrow: Escrow, who: AccountId) -> Vec<(Asset, Balance)> {
        let assets: Vec<Asset> = self.tokens.iter().map(|(t, _)| t.asset()).collect();
        assets
            .into_iter()
            .map(|asset| (asset, escrow.balance_of(&mut self.chain, who, asset)))
            .filter(|(_, amount)| *amount > 0)
            .collect()
    }

    /// Amounts in words: `10000 USD, 5 GOLD` (`nothing` for none).
    fn amounts(&self, amounts: &[(Asset, Balance)]) -> String {
        if amounts.is_empty() {
            return "nothing".into();
        }
        let words: Vec<String> = amounts
            .iter()
            .map(|&(asset, amount)| self.amount(asset, amount))
            .collect();
        words.join(", ")
    }

    fn amounts_json(&self, amounts: &[(Asset, Balance)]) -> Value {
        Value::Array(
            amounts
                .iter()
                .map(|&(asset, amount)| self.amount_json(asset, amount))
                .collect(),
        )
    }

    /// An amount for programs: the exact integer (as a string: JSON numbers lose digits past
    /// 2^53) and the same in words.
    fn amount_json(&self, asset: Asset, amount: Balance) -> Value {
        json!({
            "asset": self.asset_name(asset),
            "units": amount.to_string(),
            "amount": self.amount(asset, amount),
        })
    }

    fn asset_name(&self, asset: Asset) -> String {
        match (asset, self.unit(asset)) {
            (_, Some(unit)) => unit.symbol.clone(),
            (Asset::Native, None) => "native".into(),
            (Asset::Token(address), None) => ss58(address),
        }
    }

    /// Sends a manager call `message(limit)` as `me` the safe way (see the module's docs):
    /// `what` is the question's subject, `escrow` the domain's instrument escrow, `needs` what
    /// the command expects the call to take (for the error when too little is there).
    fn act<Args: Encode, T: Decode + fmt::Debug>(
        &mut self,
        what: &str,
        escrow: Escrow,
        needs: &[(Asset, Balance)],
        message: impl Fn(SpendingLimit) -> Message<Args, Result<T, ManagerError>>,
    ) -> Result<Acted<T>, UserError> {
        let holds = self.holdings(escrow, self.me);
        let whole = holds
            .iter()
            .take(MAX_SPENDING_LIMIT_ASSETS as usize)
            .fold(SpendingLimit::none(), |limit, &(asset, amount)| {
                limit.and(asset, amount)
            });
        let dry = self.chain.dry_send(self.me, message(whole))?;
        let spent = match dry {
            Ok(_) => leaving(self.chain.events(), self.me),
            Err(ManagerError::SpendingLimitExceeded) => {
                return Err(UserError::TooLittleInEscrow {
                    holds: self.amounts(&holds),
                    needs: match needs.is_empty() {
                        true => "more".into(),
                        false => format!("{} and any fee", self.amounts(needs)),
                    },
                })
            }
            Err(error) => return Err(UserError::Refused(explain(&error))),
        };
        if dry.is_ok() && self.chain.events().is_empty() {
            return Err(UserError::Call(
                "the node reported no events for the dry run, so what would leave your account \
                 is unknown: nothing sent"
                    .into(),
            ));
        }
        let leaves = self.amounts(&spent.0);
        self.say(what);
        if spent.0.is_empty() {
            self.say("  dry run: accepted; nothing leaves your instrument-escrow account");
            self.say("  spending limit: none (nothing may leave)");
        } else {
            self.say(&format!(
                "  dry run: accepted; leaves your instrument-escrow account: {leaves} (fees \
                 included)"
            ));
            self.say(&format!("  spending limit: exactly {leaves}"));
        }
        self.ask("send it?")?;
        match self.chain.send(self.me, message(spent.clone()))? {
            Ok(value) => {
                let created = self.chain.events_of::<traits::events::IssuanceCreated>();
                for issuance in created {
                    let name = format!("issuance {}'s escrow", issuance.issuance_id);
                    self.chain.label(issuance.escrow, &name);
                }
                let events = self.say_events();
                Ok(Acted {
                    value,
                    spent,
                    events,
                })
            }
            Err(ManagerError::SpendingLimitExceeded) => Err(UserError::Refused(format!(
                "SpendingLimitExceeded: between the dry run and the call the chain changed, and \
                 the call would take more than {leaves}, your limit; nothing moved"
            ))),
            Err(error) => Err(UserError::Refused(explain(&error))),
        }
    }

    /// The last call's platform events in words.
    fn events_in_words(&self) -> Vec<String> {
        self.chain
            .events()
            .iter()
            .filter_map(|event| words::describe(self, event))
            .collect()
    }

    /// The last call's platform events in words, each said on its own line.
    fn say_events(&mut self) -> Vec<String> {
        let events = self.events_in_words();
        for event in &events {
            self.say(&format!("  event    {event}"));
        }
        events
    }

    /// Block time in words (UTC).
    fn when(&self, time: Timestamp) -> String {
        let seconds = (time / 1000) as i64;
        let days = seconds.div_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let rest = seconds.rem_euclid(86_400);
        format!(
            "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
            rest / 3600,
            rest % 3600 / 60
        )
    }
}

/// A session on the node and the deployment `on` names, signed by `on.suri`; it asks on the
/// terminal before sending, unless `on.yes`. `say` gets the words for people.
pub fn connect(on: &On, say: impl FnMut(&str) + 'static) -> Result<Session, UserError> {
    let secret = on.secret().map_err(UserError::Signer)?;
    let file = on.deployment.display();
    let text = std::fs::read_to_string(&on.deployment).map_err(|error| {
        UserError::Deployment(format!(
            "{file}: {error} (`nuts deploy` writes it; or pass --deployment)"
        ))
    })?;
    let record: Value = serde_json::from_str(&text)
        .map_err(|error| UserError::Deployment(format!("{file}: {error}")))?;
    let backend =
        NodeBackend::connect(&on.url, secret.as_ref(), None).map_err(|error| match error {
            ConnectError::Unreachable(error) => UserError::Call(format!(
            "{error}; is a node running there? (README \"Run on a local chain\"; or pass --url)"
        )),
            ConnectError::Refused(error) => UserError::Signer(error),
        })?;
    let genesis = backend.genesis_hash();
    check_genesis(&record, &genesis).map_err(UserError::Deployment)?;
    let registry = address(&record, "registry")
        .ok_or_else(|| UserError::Deployment(format!("{file} names no registry")))?;
    if backend
        .code_hash_at(registry)
        .map_err(UserError::Call)?
        .is_none()
    {
        return Err(UserError::Deployment(format!(
            "no registry at {} on this chain: {file} is stale (a reset chain?); run `nuts deploy`",
            ss58(registry)
        )));
    }
    let me = backend.funder();
    let chain = Chain::on(Box::new(backend), &[], |_, _| {}).map_err(UserError::Call)?;
    let confirm: Box<dyn FnMut(&str) -> bool> = match on.yes {
        true => Box::new(|_| true),
        false => Box::new(ask),
    };
    Session::open(chain, me, &record, confirm, Box::new(say))
}

/// Asks `question` on the terminal; only `y` or `yes` goes on.
fn ask(question: &str) -> bool {
    eprint!("{question} [y/N] ");
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

/// Runs `command` in `session`: one [`Session`] method each.
pub fn run(command: UserCommand, session: &mut Session) -> Result<Value, UserError> {
    {
        match command {
            UserCommand::Offers => session.offers(),
            UserCommand::Show { domain, issuance } => session.show(domain, issuance),
            UserCommand::Balances { account } => session.balances(account.as_deref()),
            UserCommand::Deposit { domain, amount } => session.deposit(domain, &amount),
            UserCommand::Withdraw { domain, amount } => session.withdraw(domain, &amount),
            UserCommand::Transfer { amount, to } => session.transfer(&amount, &to),
            UserCommand::Lend { domain, terms } => {
                let params = loan_params(session, &terms)?;
                session.offer_loan(domain, params, false)
            }
            UserCommand::Borrow { domain, terms } => {
                let params = loan_params(session, &terms)?;
                session.offer_loan(domain, params, true)
            }
            UserCommand::Swap {
                domain,
                give,
                get,
                open,
            } => session.offer_swap(domain, (&give, &get, &open), None),
            UserCommand::MultiSwap {
                domain,
                give,
                get,
                min,
                max,
                open,
            } => session.offer_swap(domain, (&give, &get, &open), Some((&min, &max))),
            UserCommand::Engage {
                domain,
                issuance,
                output,
            } => session.engage(domain, issuance, output.as_deref()),
            UserCommand::Repay { domain, issuance } => session.repay(domain, issuance),
            UserCommand::Cancel { domain, issuance } => session.cancel(domain, issuance),
            UserCommand::Renew {
                domain,
                issuance,
                days,
            } => session.renew(domain, issuance, &days),
            UserCommand::Close { domain, issuance } => session.close(domain, issuance),
            UserCommand::Activate {
                instrument,
                version,
                termination,
                override_after,
            } => session.activate(instrument, version, (&termination, &override_after)),
            UserCommand::Fsp { domain, change } => {
                let taker = |side| side == Side::Taker;
                let change = match change {
                    FspCommand::Whitelist { side, state } => Fsp::Whitelist {
                        taker: taker(side),
                        enabled: state == "on",
                    },
                    FspCommand::Allow { side, account } => Fsp::Allow {
                        taker: taker(side),
                        account,
                        allowed: true,
                    },
                    FspCommand::Disallow { side, account } => Fsp::Allow {
                        taker: taker(side),
                        account,
                        allowed: false,
                    },
                    FspCommand::Fees { maker, taker } => Fsp::Fees { maker, taker },
                    FspCommand::FeeRecipient { account } => Fsp::FeeRecipient(account),
                    FspCommand::Deactivate => Fsp::Deactivate,
                };
                session.fsp(domain, change)
            }
            UserCommand::Config {
                instrument_deposit,
                transfer_admin,
                accept_admin,
            } => {
                let admin = match (transfer_admin, accept_admin) {
                    (Some(account), _) => Some(AdminChange::Propose(account)),
                    (None, true) => Some(AdminChange::Accept),
                    (None, false) => None,
                };
                session.config(instrument_deposit.as_deref(), admin)
            }
        }
    }
}

fn loan_params(
    session: &Session,
    terms: &LoanTerms,
) -> Result<lending_logic::LendingParams, UserError> {
    session.loan_params(
        &terms.principal,
        &terms.collateral,
        &terms.tenor,
        &terms.rate,
        &terms.open,
        terms.bound.as_deref(),
    )
}

impl Names for Session {
    fn name(&self, account: AccountId) -> String {
        if account == self.me {
            return "you".into();
        }
        let named = self.chain.name_of(account);
        if named.starts_with("0x") {
            ss58(account)
        } else {
            named
        }
    }

    fn amount(&self, asset: Asset, amount: Balance) -> String {
        match self.unit(asset) {
            Some(unit) => format_token_amount(amount, unit),
            None => format!("{amount} units of {}", self.asset_name(asset)),
        }
    }

    fn time(&self, time: Timestamp) -> String {
        self.when(time)
    }

    fn nuts(&self, amount: Balance) -> String {
        self.amount(self.nuts, amount)
    }
}

/// What leaves `caller`'s instrument-escrow account in `events`: the manager's
/// `AssetTransferred` debiting it, Inbound and IntraInstrument (its own transfers and its fee),
/// as the manager's spending check counts them (`instrument_manager_core::rules`), per asset.
pub fn leaving(events: &[ContractEvent], caller: AccountId) -> SpendingLimit {
    let mut totals: Vec<(Asset, Balance)> = Vec::new();
    let debits = events
        .iter()
        .filter_map(ContractEvent::decode::<AssetTransferred>)
        .filter(|t| {
            t.from == caller
                && matches!(
                    t.kind,
                    TransferKind::Inbound | TransferKind::IntraInstrument
                )
        });
    for transfer in debits {
        match totals
            .iter_mut()
            .find(|(asset, _)| *asset == transfer.asset)
        {
            Some((_, total)) => *total = total.saturating_add(transfer.amount),
            None => totals.push((transfer.asset, transfer.amount)),
        }
    }
    SpendingLimit(totals)
}

/// An account typed by a person: SS58, `0x` and 64 hex digits, or a dev URI (`//Bob`).
pub fn parse_account(text: &str) -> Result<AccountId, UserError> {
    let bad = || UserError::BadAccount(text.to_string());
    if let Some(name) = text.strip_prefix("//") {
        let pair = client::node::dev_keypair(name).map_err(|_| bad())?;
        return Ok(client::node::account_of(&pair));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        let record = json!({ "account": { "hex": format!("0x{hex}") } });
        return address(&record, "account").ok_or_else(bad);
    }
    let parsed: subxt::utils::AccountId32 = text.parse().map_err(|_| bad())?;
    Ok(AccountId::from(parsed.0))
}

/// A manager's typed error in words, with the variant's name first.
pub fn explain(error: &ManagerError) -> String {
    use ManagerError::*;
    let why = match error {
        InstrumentInactive => "the instrument is deactivated or past its termination time",
        DeactivationNotAllowed => "deactivation is not allowed yet for you",
        MakerNotAllowed => "you are not on the instrument's maker whitelist",
        TakerNotAllowed => "you are not on the instrument's taker whitelist",
        IssuanceNotFound => "no such issuance (never made, or closed)",
        EngagementNotFound => "no such engagement",
        IssuanceNotEngageable => "the issuance is not open to takers",
        TooManyEngagements => "the issuance has its most engagements",
        SpendingLimitExceeded => "the call would take more than your spending limit",
        TransferNotAuthorized => "the call would move assets of someone who did not sign",
        NotYours => "only the maker closes an issuance, and only its taker an engagement",
        NotFinal => "the issuance or one of its engagements is not final yet",
        SchedulesPending => "scheduled events are pending (the keeper fires them when due)",
        IssuanceNotClosed => "the maker has not closed the issuance yet",
        Escrow(error) => return format!("Escrow({})", explain_escrow(error)),
        Instrument(error) => return format!("Instrument({})", explain_instrument(error)),
        _ => "the manager refused",
    };
    format!("{error:?}: {why}")
}

/// An instrument's typed error in words, with the variant's name first.
pub fn explain_instrument(error: &traits::InstrumentError) -> String {
    use traits::InstrumentError::*;
    let why = match error {
        NotOwner => "only the instrument's FSP may do this",
        NotManager => "only the manager may call this",
        InvalidParameters => "the instrument refused the terms (out of its bounds?)",
        NotAllowed => "the instrument does not let you do this",
        InvalidState => "the instrument does not accept this in the issuance's state",
        TooLate => "too late for this",
        WrongAmount => "not the amount the instrument expects",
        UnknownEvent => "the instrument knows no such event",
        Unsupported => "the instrument does not do this",
        OracleFailed => "the price oracle has no price",
        StorageFailed => "the issuance storage refused",
        IssuanceInstantiationFailed => "the issuance instance could not be created",
        Overflow => "an amount would overflow",
        PriceOutOfBounds => "the oracle's price moved beyond the bound in the offer",
    };
    format!("{error:?}: {why}")
}

/// An escrow's typed error in words.
pub fn explain_escrow(error: &traits::EscrowError) -> String {
    use traits::EscrowError::*;
    let why = match error {
        ZeroAmount => "the amount is zero",
        NotOwner => "only the escrow's manager may do this",
        InsufficientBalance => "your escrow account holds less than that",
        ValueMismatch => "the native value sent does not match the amount",
        TokenCallFailed => "the token could not be called",
        TokenTransferFailed(_) => "the token refused the transfer",
        TokenTransferMismatch => {
            "the token delivered less than asked (fee-on-transfer tokens are refused)"
        }
        NativeTransferFailed => "the chain refused the native transfer",
        Overflow => "a balance would overflow",
        NotEmpty => "the escrow still holds assets",
    };
    format!("{error:?}: {why}")
}

/// The registry's typed error in words.
pub fn explain_registry(error: &traits::RegistryError) -> String {
    use traits::RegistryError::*;
    let why = match error {
        NotAdmin => "only the platform admin may do this".to_string(),
        NotPendingAdmin => "only the proposed admin may accept".to_string(),
        VersionNotConfigured => "the Config has no manager for that version".to_string(),
        NotInstrumentOwner => "you are not the instrument's owner".to_string(),
        InstrumentCallFailed => "the instrument could not be called".to_string(),
        ManagerInstantiationFailed => "the manager could not be instantiated".to_string(),
        Manager(error) => explain(error),
        DepositFailed(error) => format!(
            "the NUTS deposit could not be taken: {}",
            explain_psp22(error)
        ),
        NutsTokenCallFailed => "the NUTS token could not be called".to_string(),
        Overflow => "a count would overflow".to_string(),
        InvalidTimestamps => "the override must lie ahead, and termination no earlier".to_string(),
    };
    format!("{error:?}: {why}")
}

/// A PSP22 token's error in words.
pub fn explain_psp22(error: &traits::PSP22Error) -> String {
    use traits::PSP22Error::*;
    let why = match error {
        InsufficientBalance => "your wallet holds less than that",
        InsufficientAllowance => "the spender's allowance is too small",
        ZeroRecipientAddress | ZeroSenderAddress => "the zero account cannot take part",
        SafeTransferCheckFailed(_) => "the recipient refused the tokens",
        Custom(_) => "the token refused",
    };
    format!("{error:?}: {why}")
}

/// Days since 1970-01-01 as (year, month, day) in the proleptic Gregorian calendar (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An extrinsic included in a block that failed there was sent and cost its fee: the words
    /// say so, and only what never reached the chain says that nothing was sent.
    #[test]
    fn a_call_that_failed_in_its_block_says_it_was_sent_and_paid_its_fee() {
        let failed = UserError::from(CallError::FailedInBlock(
            "Module(Contracts(ContractReverted))".into(),
        ));
        assert!(failed.was_sent());
        assert!(failed.changed_nothing());
        assert_eq!(
            failed.to_string(),
            "sent, and it failed in its block: Module(Contracts(ContractReverted)) (its fee was \
             paid; nothing else changed)"
        );
        assert!(!failed.said().contains("nothing was sent"));
        let refused = UserError::from(CallError::Dispatch("dry run trapped".into()));
        assert!(!refused.was_sent());
        assert_eq!(refused.said(), "dry run trapped (nothing was sent)");
        assert!(!UserError::Declined.was_sent());
        assert!(UserError::Partial("approved, then refused".into()).was_sent());
    }

    #[test]
    fn dates_read_as_the_calendar_says() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2026-01-01, the in-process chain's genesis.
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(20_454 + 59), (2026, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn accounts_are_read_in_every_form_people_type() {
        let alice = parse_account("//Alice").unwrap();
        assert_eq!(parse_account(&ss58(alice)), Ok(alice));
        let bytes: &[u8; 32] = alice.as_ref();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(parse_account(&format!("0x{hex}")), Ok(alice));
        assert!(matches!(
            parse_account("5Gibberish"),
            Err(UserError::BadAccount(_))
        ));
        assert!(matches!(
            parse_account("0x12"),
            Err(UserError::BadAccount(_))
        ));
    }

    #[test]
    fn what_leaves_is_the_callers_debits_and_fee_per_asset() {
        use ink::env::Event as _;
        let (me, other) = (AccountId::from([1; 32]), AccountId::from([2; 32]));
        let (usd, gold) = (
            Asset::Token(AccountId::from([7; 32])),
            Asset::Token(AccountId::from([8; 32])),
        );
        let event = |kind, from, asset, amount| ContractEvent {
            contract: AccountId::from([9; 32]),
            topics: vec![AssetTransferred::SIGNATURE_TOPIC.unwrap()],
            data: AssetTransferred {
                issuance_id: 1,
                kind,
                from,
                to: other,
                asset,
                amount,
                credited: amount,
            }
            .encode(),
        };
        let events = [
            event(TransferKind::Inbound, me, usd, 100),
            event(TransferKind::IntraInstrument, me, usd, 5),
            event(TransferKind::Inbound, me, gold, 7),
            // Not the caller's, or not out of its instrument-escrow account: not counted.
            event(TransferKind::Inbound, other, usd, 1000),
            event(TransferKind::Outbound, me, usd, 1000),
        ];
        assert_eq!(leaving(&events, me).0, vec![(usd, 105), (gold, 7)]);
        assert_eq!(leaving(&[], me).0, vec![]);
    }
}
