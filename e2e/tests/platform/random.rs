//! A randomized multi-actor run: six FSPs with every instrument on every version it ships on
//! (lending on v1, v2 and v3, borrowing and spot swap on v1, multi-swap on v2), four users
//! making and taking, a keeper, three assets (USD, GOLD, native), and random operations, many
//! invalid on purpose: deposits, withdrawals, create, engage, repay, cancel, renew, scheduled
//! events, time jumps, deactivation (a deactivated domain is replaced by a fresh one of the same
//! instrument, so long runs keep exercising live domains), USD or GOLD switching a transfer fee
//! on or off. Oracle rates are 18-decimal fixed point. After every step:
//! - a failed call emitted nothing (its effects were reverted);
//! - assets left a user's instrument-escrow account only in that user's own call, and never
//!   more than its spending limit (or than the amount it withdrew);
//! - issuances and engagements moved only as docs/SPEC.md §5 allows;
//! - no scheduled event or cancel was refused by an escrow (no settlement froze, whatever fee a
//!   token took);
//! - every escrow the step touched holds exactly the sum of its accounts' balances (a model kept
//!   from the escrows' own events), native currency included.
//!
//! Every 500 steps (`NUTS_RANDOM_SWEEP`) and at the end the whole model is compared with the
//! chain: every balance it knows, every escrow's total and holdings, and every issuance's state.
//!
//! Seeded and reproducible: `NUTS_RANDOM_SEED` (default 1) and `NUTS_RANDOM_OPS` (default 2000);
//! `scripts/random-run` runs 10,000 operations with a new seed. Every failure names the seed and
//! the step.

use std::collections::{BTreeMap, BTreeSet};

use client::{
    chain::{CallError, GENESIS_TIME},
    clients::{Escrow, InstrumentClient, Manager, Token},
    platform::Platform,
};
use lending_logic::{
    LendingParams, CANCEL, DATA_REPAY_AMOUNT, ENGAGEMENT_DUE, ISSUANCE_DUE, REPAY,
};
use swap_logic::{MultiSwapParams, SwapParams, DATA_REMAINING_OUTPUT};
use traits::{
    events::{
        Deposited, EngagementCreated, EngagementUpdated, IssuanceCreated, IssuanceUpdated, Moved,
        Withdrawn,
    },
    AccountId, Asset, Balance, CompletionRatio, EngagementId, EngagementState, EscrowError, Fee,
    IssuanceId, IssuanceState, ManagerError, ManagerVersion, SpendingLimit, DAY_MS,
};

use crate::fixtures::DEPOSIT;
use conformance::Raw;

/// The instruments of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Lending,
    Borrowing,
    SpotSwap,
    MultiSwap,
}

/// Every instrument on every version it ships on: one domain each.
const LINEUP: [(Kind, ManagerVersion); 6] = [
    (Kind::Lending, ManagerVersion::V1),
    (Kind::Lending, ManagerVersion::V2),
    (Kind::Lending, ManagerVersion::V3),
    (Kind::Borrowing, ManagerVersion::V1),
    (Kind::SpotSwap, ManagerVersion::V1),
    (Kind::MultiSwap, ManagerVersion::V2),
];

/// At most this many domains in a run (replacements included).
const MAX_DOMAINS: usize = 40;

/// splitmix64: small, seedable, good enough to pick operations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A number in `low..=high`.
    fn within(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// What the caller of a step let leave its instrument-escrow account.
enum Spend {
    /// A manager call with this limit.
    Limit(SpendingLimit),
    /// A withdrawal of exactly this.
    Withdrawal(Asset, Balance),
    /// Nothing may leave (a deposit, a scheduled event).
    Nothing,
}

struct Domain {
    manager: Manager,
    escrow: Escrow,
    fsp: AccountId,
    kind: Kind,
    version: ManagerVersion,
    active: bool,
}

struct Run {
    p: Platform,
    rng: Rng,
    seed: u64,
    step: usize,
    op: String,
    domains: Vec<Domain>,
    users: Vec<AccountId>,
    keeper: AccountId,
    usd: Token,
    gold: Token,
    /// The free native balance of an escrow holding nothing (the existential deposit).
    native_baseline: Balance,
    /// Every escrow: its domain, and whether it is the domain's instrument escrow.
    escrows: BTreeMap<AccountId, (usize, bool)>,
    /// Balances by (escrow, account, asset), kept from the escrows' events.
    balances: BTreeMap<(AccountId, AccountId, Asset), Balance>,
    issuances: BTreeMap<(usize, IssuanceId), (IssuanceState, CompletionRatio)>,
    /// Issuances their makers closed: they and their escrows no longer exist.
    closed: BTreeSet<(usize, IssuanceId)>,
    /// Engagements: their state and taker.
    engagements: BTreeMap<(usize, IssuanceId, EngagementId), (EngagementState, AccountId)>,
    counts: BTreeMap<&'static str, (u64, u64)>,
    /// Successful creates and engagements per instrument.
    exercised: BTreeMap<(Kind, &'static str), u64>,
    /// A domain deactivated in this step, to replace once the step's checks ran.
    replace: Option<usize>,
    /// The tokens taking a fee on every transfer right now ([`Run::switch_fee`]).
    taking_fee: BTreeSet<Asset>,
}

fn assets(run: &Run) -> [Asset; 3] {
    [run.usd.asset(), run.gold.asset(), Asset::Native]
}

impl Run {
    fn new(seed: u64) -> Self {
        let mut p = Platform::new(DEPOSIT);
        let admin = p.admin;
        let chain = &mut p.chain;
        let users: Vec<_> = ["ann", "bob", "cat", "dan"]
            .iter()
            .map(|name| chain.account(name))
            .collect();
        let keeper = chain.account("keeper");
        let usd = Token::deploy_test_token(chain, admin, 0, b"usd");
        let gold = Token::deploy_test_token(chain, admin, 0, b"gold");
        // rates in 18-decimal fixed point, as real oracles give them
        const ONE: Balance = conformance::world::FIXED_POINT_ONE;
        for (base, quote, rate) in [
            (usd.asset(), gold.asset(), (ONE / 2, ONE)),
            (usd.asset(), Asset::Native, (3 * ONE, ONE)),
            (gold.asset(), usd.asset(), (2 * ONE, ONE)),
            (gold.asset(), Asset::Native, (6 * ONE, ONE)),
        ] {
            assert_eq!(
                p.oracle.set_rate(chain, admin, base, quote, rate),
                Ok(Ok(()))
            );
        }
        let mut run = Run {
            p,
            rng: Rng(seed),
            seed,
            step: 0,
            op: "setup".into(),
            domains: Vec::new(),
            users,
            keeper,
            usd,
            gold,
            native_baseline: 0,
            escrows: BTreeMap::new(),
            balances: BTreeMap::new(),
            issuances: BTreeMap::new(),
            closed: BTreeSet::new(),
            engagements: BTreeMap::new(),
            counts: BTreeMap::new(),
            exercised: BTreeMap::new(),
            replace: None,
            taking_fee: BTreeSet::new(),
        };
        for (kind, version) in LINEUP {
            run.activate_domain(kind, version);
        }
        run
    }

    /// An FSP deploys `kind` and activates it on `version` (override 60 days and termination
    /// 365 days from now; the first domain charges fees, so the fee path runs too); every user
    /// deposits every asset into the new domain, each deposit checked like any other step.
    fn activate_domain(&mut self, kind: Kind, version: ManagerVersion) {
        let index = self.domains.len();
        let chain = &mut self.p.chain;
        let fsp = chain.account(&format!("fsp{index}"));
        let salt = [index as u8];
        let oracle = self.p.oracle;
        let instrument = match kind {
            Kind::Lending => InstrumentClient::deploy_lending(chain, fsp, oracle, version, &salt),
            Kind::Borrowing => InstrumentClient::deploy_borrowing(chain, fsp, oracle, &salt),
            Kind::SpotSwap => InstrumentClient::deploy_spot_swap(chain, fsp, &salt),
            Kind::MultiSwap => InstrumentClient::deploy_multi_swap(chain, fsp, &salt),
        };
        if index == 0 {
            let fee = |asset, amount| Some(Fee { asset, amount });
            let fees = (fee(self.usd.asset(), 7), fee(self.gold.asset(), 11));
            assert_eq!(instrument.set_fees(chain, fsp, fees.0, fees.1), Ok(Ok(())));
        }
        let now = chain.now();
        self.p.give_nuts(fsp, DEPOSIT);
        let (override_at, termination) = (now + 60 * DAY_MS, now + 365 * DAY_MS);
        let (reply, manager) =
            self.p
                .activate(fsp, version, instrument.0, termination, override_at);
        assert!(
            matches!(reply, Ok(Ok(_))),
            "{kind:?} on {version:?} activates: {reply:?}"
        );
        let manager = manager.expect("activated");
        let escrow = manager.instrument_escrow(&mut self.p.chain);
        self.native_baseline = self.p.chain.native_balance(escrow.0);
        self.escrows.insert(escrow.0, (index, true));
        self.domains.push(Domain {
            manager,
            escrow,
            fsp,
            kind,
            version,
            active: true,
        });
        for user in self.users.clone() {
            for asset in assets(self) {
                let amount = 200_000;
                self.op = format!("{user:?} is funded with {asset:?} in domain {index}");
                let chain = &mut self.p.chain;
                let value = match asset {
                    Asset::Native => amount,
                    Asset::Token(token) => {
                        Token(token).mint_to(chain, user, amount);
                        let approved = Token(token).approve(chain, user, escrow.0, amount);
                        assert_eq!(approved, Ok(Ok(())));
                        0
                    }
                };
                let reply = escrow.deposit(chain, user, asset, amount, value);
                let events = self.p.chain.events().to_vec();
                if self.taking_fee.contains(&asset) {
                    // A token taking a fee delivers less than asked: refused, nothing moves.
                    let refused = Ok(Err(EscrowError::TokenTransferMismatch));
                    assert_eq!(reply, refused, "{}", self.op);
                    self.after(user, false, Spend::Nothing, events);
                    continue;
                }
                assert_eq!(reply, Ok(Ok(())), "{}", self.op);
                self.after(user, true, Spend::Nothing, events);
            }
        }
    }

    fn fail(&self, what: String) -> ! {
        panic!(
            "randomized run, seed {} (NUTS_RANDOM_SEED={}), step {} ({}): {what}",
            self.seed, self.seed, self.step, self.op
        )
    }

    fn check(&self, condition: bool, what: impl FnOnce() -> String) {
        if !condition {
            self.fail(what());
        }
    }

    fn model_balance(&self, escrow: AccountId, account: AccountId, asset: Asset) -> Balance {
        self.balances
            .get(&(escrow, account, asset))
            .copied()
            .unwrap_or(0)
    }

    fn held(&mut self, escrow: AccountId, asset: Asset) -> Balance {
        match asset {
            Asset::Native => {
                let free = self.p.chain.native_balance(escrow);
                free.checked_sub(self.native_baseline).unwrap_or_else(|| {
                    self.fail(format!(
                        "escrow {escrow:?} holds {free}, below the existential deposit"
                    ))
                })
            }
            Asset::Token(token) => Token(token).balance_of(&mut self.p.chain, escrow),
        }
    }

    /// Runs `steps` random operations, checking after each.
    fn run(&mut self, steps: usize, sweep_every: usize) {
        for step in 1..=steps {
            self.step = step;
            self.one_step();
            if step % sweep_every == 0 {
                self.sweep();
            }
        }
        self.sweep();
    }

    fn one_step(&mut self) {
        let roll = self.rng.below(100);
        let (kind, caller, ok, spend) = match roll {
            0..=11 => self.deposit(),
            12..=17 => self.withdraw(),
            18..=39 => self.create(),
            40..=59 => self.engage(),
            60..=69 => self.repay(),
            70..=74 => self.cancel(),
            75..=79 => self.renew(),
            80..=91 => self.fire(),
            92..=93 => self.close(),
            94..=97 => {
                let hours = self.rng.within(1, 36);
                self.op = format!("time +{hours}h");
                self.p.chain.advance_time(hours * DAY_MS / 24);
                ("time", self.keeper, true, Spend::Nothing)
            }
            98 => self.switch_fee(),
            _ => self.deactivate(),
        };
        let count = self.counts.entry(kind).or_default();
        if ok {
            count.0 += 1;
        } else {
            count.1 += 1;
        }
        // a time jump calls nothing: the events on record are the previous step's
        let events = if kind == "time" {
            Vec::new()
        } else {
            self.p.chain.events().to_vec()
        };
        self.after(caller, ok, spend, events);
        // a deactivated domain is replaced by a fresh one of the same instrument
        if let Some(domain) = self.replace.take() {
            if self.domains.len() < MAX_DOMAINS {
                let (kind, version) = (self.domains[domain].kind, self.domains[domain].version);
                self.activate_domain(kind, version);
            }
        }
    }

    /// The checks after a step, from the step's events and a few reads.
    fn after(
        &mut self,
        caller: AccountId,
        ok: bool,
        spend: Spend,
        events: Vec<client::ContractEvent>,
    ) {
        if !ok {
            self.check(events.is_empty(), || {
                format!("a failed call left {} events", events.len())
            });
            return;
        }
        // new issuance escrows first: their deposits come in the same call
        for event in &events {
            if let Some(created) = event.decode::<IssuanceCreated>() {
                let domain = self.domain_of_manager(event.contract);
                self.escrows.insert(created.escrow, (domain, false));
            }
        }
        let mut touched = BTreeSet::new();
        let mut debited: BTreeMap<Asset, Balance> = BTreeMap::new();
        for event in &events {
            let Some(&(domain, is_instrument_escrow)) = self.escrows.get(&event.contract) else {
                self.state_event(event);
                continue;
            };
            let escrow = event.contract;
            let mut debit = |run: &mut Run, account: AccountId, asset: Asset, amount: Balance| {
                let key = (escrow, account, asset);
                let before = run.model_balance(escrow, account, asset);
                run.check(before >= amount, || {
                    format!("{account:?} debited {amount} of {asset:?} holding {before}")
                });
                run.balances.insert(key, before - amount);
                if is_instrument_escrow {
                    run.check(account == caller, || {
                        format!("{account:?}'s instrument-escrow account (domain {domain}) was debited in a call by {caller:?}")
                    });
                    *debited.entry(asset).or_default() += amount;
                }
            };
            if let Some(e) = event.decode::<Deposited>() {
                *self
                    .balances
                    .entry((escrow, e.account, e.asset))
                    .or_default() += e.amount;
                touched.insert((escrow, e.asset));
            } else if let Some(e) = event.decode::<Withdrawn>() {
                debit(self, e.account, e.asset, e.amount);
                touched.insert((escrow, e.asset));
            } else if let Some(e) = event.decode::<Moved>() {
                debit(self, e.from, e.asset, e.amount);
                *self.balances.entry((escrow, e.to, e.asset)).or_default() += e.amount;
                touched.insert((escrow, e.asset));
            }
        }
        for (asset, amount) in debited {
            let allowed = match &spend {
                Spend::Limit(limit) => limit.allowed(asset),
                Spend::Withdrawal(withdrawn, total) => {
                    if *withdrawn == asset {
                        *total
                    } else {
                        0
                    }
                }
                Spend::Nothing => 0,
            };
            self.check(amount <= allowed, || {
                format!("{amount} of {asset:?} left the caller's account, {allowed} allowed")
            });
        }
        for (escrow, asset) in touched {
            self.conserved(escrow, asset);
        }
    }

    fn domain_of_manager(&self, manager: AccountId) -> usize {
        self.domains
            .iter()
            .position(|d| d.manager.0 == manager)
            .unwrap_or_else(|| self.fail(format!("an event from an unknown contract {manager:?}")))
    }

    /// Lifecycle events: every transition must be one docs/SPEC.md §5 allows.
    fn state_event(&mut self, event: &client::ContractEvent) {
        if let Some(e) = event.decode::<IssuanceCreated>() {
            let domain = self.domain_of_manager(event.contract);
            self.check(IssuanceState::Initiated.can_become(e.state), || {
                format!("issuance created {:?}", e.state)
            });
            let record = (e.state, CompletionRatio::ZERO);
            self.issuances.insert((domain, e.issuance_id), record);
        } else if let Some(e) = event.decode::<IssuanceUpdated>() {
            let key = (self.domain_of_manager(event.contract), e.issuance_id);
            let (state, ratio) = self.issuances[&key];
            self.check(
                state.can_become(e.state)
                    && e.completion_ratio >= ratio
                    && e.completion_ratio.is_valid(),
                || {
                    format!(
                        "issuance {key:?}: {state:?} {ratio:?} -> {:?} {:?}",
                        e.state, e.completion_ratio
                    )
                },
            );
            self.issuances.insert(key, (e.state, e.completion_ratio));
        } else if let Some(e) = event.decode::<EngagementCreated>() {
            let domain = self.domain_of_manager(event.contract);
            let key = (domain, e.issuance_id, e.engagement_id);
            self.engagements
                .insert(key, (EngagementState::Initiated, e.taker));
        } else if let Some(e) = event.decode::<EngagementUpdated>() {
            let domain = self.domain_of_manager(event.contract);
            let key = (domain, e.issuance_id, e.engagement_id);
            let (before, taker) = self.engagements[&key];
            self.check(before.can_become(e.state), || {
                format!("engagement {key:?}: {before:?} -> {:?}", e.state)
            });
            self.engagements.insert(key, (e.state, taker));
        }
    }

    /// The escrow's accounts add up to its total, and it holds exactly that.
    fn conserved(&mut self, escrow: AccountId, asset: Asset) {
        let sum: Balance = self
            .balances
            .range((escrow, AccountId::from([0; 32]), asset)..)
            .take_while(|((e, _, _), _)| *e == escrow)
            .filter(|((_, _, a), _)| *a == asset)
            .map(|(_, amount)| *amount)
            .sum();
        let total = Escrow(escrow).total_held(&mut self.p.chain, asset);
        let held = self.held(escrow, asset);
        self.check(sum == total && total == held, || {
            format!(
                "escrow {escrow:?}, {asset:?}: accounts {sum}, total_held {total}, holds {held}"
            )
        });
    }

    /// Every balance the model knows and every issuance state, read from the chain, equals
    /// the model, and every escrow holds the sum of those balances (so no account the model does
    /// not know holds anything).
    fn sweep(&mut self) {
        self.op = "sweep".into();
        let known: Vec<_> = self.balances.clone().into_iter().collect();
        for ((escrow, account, asset), model) in known {
            let real = Escrow(escrow).balance_of(&mut self.p.chain, account, asset);
            self.check(real == model, || {
                format!("{account:?} in {escrow:?}: {real} of {asset:?}, events say {model}")
            });
        }
        let escrows: Vec<_> = self.escrows.keys().copied().collect();
        for escrow in escrows {
            for asset in assets(self) {
                self.conserved(escrow, asset);
            }
        }
        let issuances: Vec<_> = self.issuances.clone().into_iter().collect();
        for ((domain, id), (state, ratio)) in issuances {
            let manager = self.domains[domain].manager;
            let record = manager
                .issuance(&mut self.p.chain, id)
                .expect("issuance exists");
            self.check(
                (record.state, record.completion_ratio) == (state, ratio),
                || {
                    format!(
                        "issuance {id} of domain {domain}: {:?}, events say {state:?}",
                        record.state
                    )
                },
            );
        }
        for (domain, id) in self.closed.clone() {
            let manager = self.domains[domain].manager;
            let record = manager.issuance(&mut self.p.chain, id);
            self.check(record.is_none(), || {
                format!("closed issuance {id} of domain {domain} is back: {record:?}")
            });
        }
        for domain in 0..self.domains.len() {
            let manager = self.domains[domain].manager.0;
            for token in [self.usd, self.gold] {
                let kept = token.balance_of(&mut self.p.chain, manager);
                self.check(kept == 0, || {
                    format!("manager {domain} keeps {kept} tokens")
                });
            }
        }
    }

    // --- operations: each returns (kind, caller, succeeded, what the caller let leave) ---

    fn typed<T, E: std::fmt::Debug>(&self, reply: Result<Result<T, E>, CallError>) -> bool {
        match reply {
            Ok(result) => result.is_ok(),
            Err(error) => self.fail(format!("an untyped failure: {error:?}")),
        }
    }

    fn some_asset(&mut self) -> Asset {
        let assets = assets(self);
        self.rng.pick(&assets)
    }

    /// Mostly a live domain, sometimes any (a deactivated one refuses new issuances).
    fn some_domain(&mut self) -> usize {
        let live: Vec<usize> = (0..self.domains.len())
            .filter(|&d| self.domains[d].active)
            .collect();
        if !live.is_empty() && self.rng.chance(85) {
            return self.rng.pick(&live);
        }
        self.rng.below(self.domains.len() as u64) as usize
    }

    /// Counts a successful create or engagement of the domain's instrument.
    fn exercised(&mut self, domain: usize, what: &'static str, ok: bool) {
        if ok {
            *self
                .exercised
                .entry((self.domains[domain].kind, what))
                .or_default() += 1;
        }
    }

    fn deposit(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let (user, domain, asset) = (
            self.rng.pick(&self.users.clone()),
            self.some_domain(),
            self.some_asset(),
        );
        let amount = self.rng.within(0, 30_000) as Balance;
        let escrow = self.domains[domain].escrow;
        self.op = format!("{user:?} deposits {amount} {asset:?} in domain {domain}");
        let reply = match asset {
            Asset::Native => {
                let value = if self.rng.chance(90) {
                    amount
                } else {
                    amount + 1
                };
                escrow.deposit(&mut self.p.chain, user, asset, amount, value)
            }
            Asset::Token(token) => {
                let token = Token(token);
                token.mint_to(&mut self.p.chain, user, amount);
                if self.rng.chance(90) {
                    let approved = token.approve(&mut self.p.chain, user, escrow.0, amount);
                    assert_eq!(approved, Ok(Ok(())));
                }
                escrow.deposit(&mut self.p.chain, user, asset, amount, 0)
            }
        };
        let ok = self.typed(reply);
        ("deposit", user, ok, Spend::Nothing)
    }

    fn withdraw(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let (user, domain, asset) = (
            self.rng.pick(&self.users.clone()),
            self.some_domain(),
            self.some_asset(),
        );
        let escrow = self.domains[domain].escrow;
        let held = self.model_balance(escrow.0, user, asset);
        let amount = match self.rng.below(10) {
            0 => 0,
            1 | 2 => held + self.rng.within(1, 100) as Balance,
            _ => self.rng.within(1, held.max(1) as u64) as Balance,
        };
        self.op = format!("{user:?} withdraws {amount} {asset:?} from domain {domain}");
        let reply = escrow.withdraw(&mut self.p.chain, user, asset, amount);
        let ok = self.typed(reply);
        ("withdraw", user, ok, Spend::Withdrawal(asset, amount))
    }

    /// A limit around `amount` of `asset`: exact, short, generous or empty.
    fn limit_for(&mut self, asset: Asset, amount: Balance) -> SpendingLimit {
        match self.rng.below(10) {
            0 => SpendingLimit::none(),
            1 => SpendingLimit::of(asset, amount.saturating_sub(1)),
            2..=4 => SpendingLimit::of(asset, amount),
            _ => {
                let others = assets(self).into_iter().filter(|other| *other != asset);
                others.fold(SpendingLimit::of(asset, amount + 50), |limit, other| {
                    limit.and(other, 150_000)
                })
            }
        }
    }

    fn create(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let (maker, domain) = (self.rng.pick(&self.users.clone()), self.some_domain());
        let kind = self.domains[domain].kind;
        let (described, raw, limit) = match kind {
            Kind::Lending | Kind::Borrowing => {
                let params = self.loan_params();
                // lending locks the principal; borrowing the collateral (at most 6 per unit here)
                let (asset, amount) = if kind == Kind::Lending {
                    (params.lending_asset, params.principal + 7)
                } else {
                    (params.collateral_asset, params.principal * 6 + 11)
                };
                let limit = self.limit_for(asset, amount);
                (format!("{params:?}"), Raw::of(params), limit)
            }
            Kind::SpotSwap => {
                let params = self.swap_params();
                let limit = self.limit_for(params.input_asset, params.input_amount + 7);
                (format!("{params:?}"), Raw::of(params), limit)
            }
            Kind::MultiSwap => {
                let swap = self.swap_params();
                let min_output = self.rng.within(0, swap.output_amount as u64 / 2 + 1) as Balance;
                let max_output = self
                    .rng
                    .within(min_output as u64, swap.output_amount as u64 + 1)
                    as Balance;
                let params = MultiSwapParams {
                    swap,
                    min_output,
                    max_output,
                };
                let limit = self.limit_for(swap.input_asset, swap.input_amount + 7);
                (format!("{params:?}"), Raw::of(params), limit)
            }
        };
        self.op =
            format!("{maker:?} creates {described} in domain {domain} ({kind:?}) with {limit:?}");
        let manager = self.domains[domain].manager;
        let reply = manager.create_issuance(&mut self.p.chain, maker, raw, limit.clone());
        let ok = self.typed(reply);
        self.exercised(domain, "create", ok);
        ("create", maker, ok, Spend::Limit(limit))
    }

    /// Loan params: mostly valid, a quarter out of bounds somewhere.
    fn loan_params(&mut self) -> LendingParams {
        let lending_asset = self.rng.pick(&[self.usd.asset(), self.gold.asset()]);
        let any_asset = [self.gold.asset(), Asset::Native, self.usd.asset()];
        if self.rng.chance(75) {
            let collateral_asset = if self.rng.chance(50) {
                Asset::Native
            } else if lending_asset == self.usd.asset() {
                self.gold.asset()
            } else {
                self.usd.asset()
            };
            LendingParams {
                lending_asset,
                principal: self.rng.within(1, 5_000) as Balance,
                collateral_asset,
                collateral_ratio: self.rng.within(5_000, 20_000) as u32,
                collateral_bound: 0,
                tenor_days: self.rng.within(2, 30) as u32,
                interest_rate: self.rng.within(10, 5_000) as u32,
                issuance_duration_days: self.rng.within(1, 14) as u32,
            }
        } else {
            LendingParams {
                lending_asset,
                principal: self.rng.within(0, 300_000) as Balance,
                collateral_asset: self.rng.pick(&any_asset),
                collateral_ratio: self.rng.within(4_500, 20_500) as u32,
                collateral_bound: self.rng.within(0, 20_000) as Balance,
                tenor_days: self.rng.within(1, 92) as u32,
                interest_rate: self.rng.within(5, 50_005) as u32,
                issuance_duration_days: self.rng.within(0, 15) as u32,
            }
        }
    }

    /// Swap params: mostly valid, a quarter with a zero, one asset twice or a bad duration.
    fn swap_params(&mut self) -> SwapParams {
        let any_asset = [self.gold.asset(), Asset::Native, self.usd.asset()];
        let input_asset = self.rng.pick(&any_asset);
        let valid = self.rng.chance(75);
        let output_asset = if valid {
            let others: Vec<Asset> = any_asset
                .into_iter()
                .filter(|a| *a != input_asset)
                .collect();
            self.rng.pick(&others)
        } else {
            self.rng.pick(&any_asset)
        };
        let low = if valid { 1 } else { 0 };
        SwapParams {
            input_asset,
            input_amount: self.rng.within(low, 5_000) as Balance,
            output_asset,
            output_amount: self.rng.within(low, 5_000) as Balance,
            issuance_duration_days: self.rng.within(low, if valid { 14 } else { 15 }) as u32,
        }
    }

    /// Mostly an issuance in `state`, sometimes any, now and then a made-up id.
    fn some_issuance(&mut self, state: Option<IssuanceState>) -> (usize, IssuanceId) {
        if self.issuances.is_empty() || self.rng.chance(5) {
            let domain = self.some_domain();
            return (domain, self.rng.within(0, 500));
        }
        let preferred: Vec<_> = self
            .issuances
            .iter()
            .filter(|(_, (s, _))| Some(*s) == state)
            .map(|(key, _)| *key)
            .collect();
        if !preferred.is_empty() && self.rng.chance(80) {
            return self.rng.pick(&preferred);
        }
        let keys: Vec<_> = self.issuances.keys().copied().collect();
        self.rng.pick(&keys)
    }

    /// Mostly an issuance whose first engagement is `Active`, with its taker.
    fn active_loan(&mut self) -> (usize, IssuanceId, AccountId) {
        let active: Vec<_> = self
            .engagements
            .iter()
            .filter(|(_, (state, _))| *state == EngagementState::Active)
            .map(|((domain, id, _), (_, taker))| (*domain, *id, *taker))
            .collect();
        if !active.is_empty() && self.rng.chance(80) {
            return self.rng.pick(&active);
        }
        let (domain, id) = self.some_issuance(None);
        (domain, id, self.rng.pick(&self.users.clone()))
    }

    /// The issuance's maker most of the time, another user sometimes.
    fn maker_mostly(&mut self, domain: usize, id: IssuanceId) -> AccountId {
        let manager = self.domains[domain].manager;
        match manager.issuance(&mut self.p.chain, id) {
            Some(record) if self.rng.chance(85) => record.maker,
            _ => self.rng.pick(&self.users.clone()),
        }
    }

    fn engage(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let taker = self.rng.pick(&self.users.clone());
        let (domain, id) = self.some_issuance(Some(IssuanceState::Engageable));
        let any_asset = [self.gold.asset(), Asset::Native, self.usd.asset()];
        let asset = self.rng.pick(&any_asset);
        let amount = self.rng.within(0, 150_000) as Balance;
        let limit = if self.rng.chance(50) {
            any_asset
                .iter()
                .fold(SpendingLimit::none(), |limit, asset| {
                    limit.and(*asset, 150_000)
                })
        } else {
            self.limit_for(asset, amount)
        };
        let manager = self.domains[domain].manager;
        // a multi-swap taker names the output it pays: often exactly what is left
        let params = if self.domains[domain].kind == Kind::MultiSwap {
            let left: Option<Balance> = if self.rng.chance(30) {
                manager
                    .custom_data(&mut self.p.chain, id, DATA_REMAINING_OUTPUT)
                    .ok()
            } else {
                None
            };
            Raw::of(left.unwrap_or_else(|| self.rng.within(0, 3_000) as Balance))
        } else {
            Raw::of(())
        };
        self.op = format!("{taker:?} engages {id} of domain {domain} ({params:?}) with {limit:?}");
        let reply = manager.engage_issuance(&mut self.p.chain, taker, id, params, limit.clone());
        let ok = self.typed(reply);
        self.exercised(domain, "engage", ok);
        ("engage", taker, ok, Spend::Limit(limit))
    }

    fn repay(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let (domain, id, taker) = self.active_loan();
        let manager = self.domains[domain].manager;
        // the borrower repays: the taker in lending, the maker in borrowing
        let borrower = match self.domains[domain].kind {
            Kind::Borrowing => manager
                .issuance(&mut self.p.chain, id)
                .map_or(taker, |record| record.maker),
            _ => taker,
        };
        let caller = if self.rng.chance(85) {
            borrower
        } else {
            self.rng.pick(&self.users.clone())
        };
        let owed: Result<Balance, _> = if manager.issuance(&mut self.p.chain, id).is_some() {
            manager.custom_data(&mut self.p.chain, id, DATA_REPAY_AMOUNT)
        } else {
            Ok(0)
        };
        let amount = match (owed, self.rng.below(10)) {
            (Ok(owed), 0) => owed + 1,
            (Ok(owed), 1) => owed.saturating_sub(1),
            (Ok(owed), _) => owed,
            (Err(_), _) => self.rng.within(1, 20_000) as Balance,
        };
        let asset = self.rng.pick(&[self.usd.asset(), self.gold.asset()]);
        let limit = self.limit_for(asset, amount);
        self.op = format!("{caller:?} repays {amount} on {id} of domain {domain} with {limit:?}");
        let reply = manager.process_custom_event(
            &mut self.p.chain,
            caller,
            id,
            Some(1),
            REPAY,
            amount,
            limit.clone(),
        );
        let ok = self.typed(reply);
        ("repay", caller, ok, Spend::Limit(limit))
    }

    fn cancel(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let (domain, id) = self.some_issuance(Some(IssuanceState::Engageable));
        let caller = self.maker_mostly(domain, id);
        self.op = format!("{caller:?} cancels {id} of domain {domain}");
        let manager = self.domains[domain].manager;
        let limit = SpendingLimit::none();
        let reply = manager.process_custom_event(
            &mut self.p.chain,
            caller,
            id,
            None,
            CANCEL,
            (),
            limit.clone(),
        );
        let ok = self.settled(reply);
        ("cancel", caller, ok, Spend::Limit(limit))
    }

    fn renew(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let (domain, id) = self.some_issuance(Some(IssuanceState::Engageable));
        let caller = self.maker_mostly(domain, id);
        let days = self.rng.within(0, 16) as u32;
        self.op = format!("{caller:?} renews {id} of domain {domain} by {days} days");
        let manager = self.domains[domain].manager;
        let limit = SpendingLimit::none();
        let reply = manager.renew_issuance(&mut self.p.chain, caller, id, days, limit.clone());
        let ok = self.typed(reply);
        ("renew", caller, ok, Spend::Limit(limit))
    }

    fn fire(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let caller = if self.rng.chance(80) {
            self.keeper
        } else {
            self.rng.pick(&self.users.clone())
        };
        let (domain, id, _) = self.active_loan();
        let (domain, id) = if self.rng.chance(50) {
            (domain, id)
        } else {
            self.some_issuance(Some(IssuanceState::Engageable))
        };
        let engaged = self.engagements.contains_key(&(domain, id, 1));
        let (engagement, name) = if engaged != self.rng.chance(10) {
            (Some(1), ENGAGEMENT_DUE)
        } else {
            (None, ISSUANCE_DUE)
        };
        self.op = format!("{caller:?} fires {name:?} of {id} in domain {domain}");
        let manager = self.domains[domain].manager;
        let reply =
            manager.process_scheduled_event(&mut self.p.chain, caller, id, engagement, name);
        let ok = self.settled(reply);
        ("scheduled event", caller, ok, Spend::Nothing)
    }

    /// A maker closes a final issuance (mostly; sometimes another user, or one not final yet),
    /// or a taker its engagement of a closed one. A close must give the caller storage deposits
    /// back and leave nothing behind: its escrow gone, every one of its accounts empty.
    fn close(&mut self) -> (&'static str, AccountId, bool, Spend) {
        if self.rng.chance(30) {
            return self.close_engagement();
        }
        let state = self
            .rng
            .pick(&[IssuanceState::Complete, IssuanceState::Cancelled]);
        let (domain, id) = self.some_issuance(Some(state));
        let caller = self.maker_mostly(domain, id);
        self.op = format!("{caller:?} closes {id} of domain {domain}");
        let manager = self.domains[domain].manager;
        let record = manager.issuance(&mut self.p.chain, id);
        let native_before = self.p.chain.native_balance(caller);
        let reply = manager.close_issuance(&mut self.p.chain, caller, id);
        let ok = self.typed(reply);
        if ok {
            let escrow = record.expect("a closed issuance existed").escrow;
            let refund = self
                .p
                .chain
                .native_balance(caller)
                .checked_sub(native_before);
            self.check(refund.is_some_and(|refund| refund > 0), || {
                format!("closing gave back {refund:?}")
            });
            let gone = !self.p.chain.is_contract(escrow);
            self.check(gone, || "a closed issuance's escrow still exists".into());
            let left: Vec<_> = self
                .balances
                .iter()
                .filter(|((e, _, _), amount)| *e == escrow && **amount > 0)
                .map(|(key, amount)| (*key, *amount))
                .collect();
            self.check(left.is_empty(), || format!("closed holding {left:?}"));
            self.balances.retain(|(e, _, _), _| *e != escrow);
            self.escrows.remove(&escrow);
            self.issuances.remove(&(domain, id));
            self.closed.insert((domain, id));
        }
        ("close", caller, ok, Spend::Nothing)
    }

    /// The taker (mostly) of an engagement of a closed issuance removes its record.
    fn close_engagement(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let of_closed: Vec<_> = self
            .engagements
            .iter()
            .filter(|((domain, id, _), _)| self.closed.contains(&(*domain, *id)))
            .map(|(key, (_, taker))| (*key, *taker))
            .collect();
        let ((domain, id, engagement), taker) = if of_closed.is_empty() {
            let (domain, id) = self.some_issuance(None);
            ((domain, id, 1), self.rng.pick(&self.users.clone()))
        } else {
            self.rng.pick(&of_closed)
        };
        let caller = if self.rng.chance(85) {
            taker
        } else {
            self.rng.pick(&self.users.clone())
        };
        self.op = format!("{caller:?} closes engagement {engagement} of {id} in domain {domain}");
        let manager = self.domains[domain].manager;
        let reply = manager.close_engagement(&mut self.p.chain, caller, id, engagement);
        let ok = self.typed(reply);
        if ok {
            self.check(caller == taker, || "a stranger closed an engagement".into());
            self.engagements.remove(&(domain, id, engagement));
        }
        ("close engagement", caller, ok, Spend::Nothing)
    }

    /// USD or GOLD starts or stops taking a fee on every transfer, like a real token that
    /// switches one on: deposits and engages of it are refused while it does, and no
    /// settlement may freeze ([`Run::settled`]).
    fn switch_fee(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let token = self.rng.pick(&[self.usd, self.gold]);
        let fee = if self.rng.chance(50) {
            0
        } else {
            self.rng.within(1, 50) as Balance
        };
        self.op = format!("{:?} takes a fee of {fee} on every transfer", token.asset());
        token.set_transfer_fee(&mut self.p.chain, fee);
        if fee > 0 {
            self.taking_fee.insert(token.asset());
        } else {
            self.taking_fee.remove(&token.asset());
        }
        ("fee switch", self.keeper, true, Spend::Nothing)
    }

    /// What a settlement's reply says: a scheduled event or a cancel moves only what its
    /// issuance holds, so an escrow refusing it would be a frozen settlement (SECURITY.md
    /// "tokens that deliver less"): that fails the run.
    fn settled(&self, reply: Result<Result<(), ManagerError>, CallError>) -> bool {
        if let Ok(Err(error @ (ManagerError::Escrow(_) | ManagerError::EscrowCallFailed))) = reply {
            self.fail(format!("a settlement froze: {error:?}"));
        }
        self.typed(reply)
    }

    fn deactivate(&mut self) -> (&'static str, AccountId, bool, Spend) {
        let domain = self.some_domain();
        let caller = if self.rng.chance(50) {
            self.domains[domain].fsp
        } else {
            self.rng.pick(&self.users.clone())
        };
        self.op = format!("{caller:?} deactivates domain {domain}");
        let manager = self.domains[domain].manager;
        let reply = manager.deactivate(&mut self.p.chain, caller);
        let ok = self.typed(reply);
        if ok {
            self.domains[domain].active = false;
            self.replace = Some(domain);
        }
        ("deactivate", caller, ok, Spend::Nothing)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|text| {
            text.parse()
                .unwrap_or_else(|_| panic!("{name} must be a number, not {text:?}"))
        })
        .unwrap_or(default)
}

#[test]
fn randomized_multi_actor_run_keeps_every_invariant() {
    let seed = env_number("NUTS_RANDOM_SEED", 1);
    let steps = env_number("NUTS_RANDOM_OPS", 2_000) as usize;
    // A full sweep reads every balance of every escrow ever made, so its cost grows with the run:
    // long runs sweep less often (the per-step checks run after every step regardless).
    let sweep_every = env_number("NUTS_RANDOM_SWEEP", 500).max(1) as usize;
    let started = std::time::Instant::now();
    let mut run = Run::new(seed);
    assert_eq!(run.p.chain.now(), GENESIS_TIME);
    run.run(steps, sweep_every);
    let (ok, failed): (u64, u64) = run
        .counts
        .values()
        .fold((0, 0), |(a, b), (ok, failed)| (a + ok, b + failed));
    let report: Vec<String> = run
        .counts
        .iter()
        .map(|(kind, (ok, failed))| format!("{kind} {ok} ok / {failed} refused"))
        .collect();
    std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "randomized run: seed {seed}, {steps} operations ({ok} succeeded, {failed} refused) in {:.0}s, {} issuances in {} domains; {}; by instrument: {:?}\n",
            started.elapsed().as_secs_f64(),
            run.issuances.len(),
            run.domains.len(),
            report.join(", "),
            run.exercised
        )
        .as_bytes(),
    )
    .expect("stderr");
    assert_eq!(ok + failed, steps as u64);
    // the run must exercise the platform, not just bounce off it
    for (kind, _) in LINEUP {
        for what in ["create", "engage"] {
            let done = run.exercised.get(&(kind, what)).copied().unwrap_or(0);
            assert!(done > 0, "seed {seed}: no successful {what} of {kind:?}");
        }
    }
    for kind in [
        "create",
        "engage",
        "repay",
        "scheduled event",
        "withdraw",
        "deposit",
        "close",
    ] {
        let (succeeded, refused) = run.counts.get(kind).copied().unwrap_or_default();
        assert!(
            succeeded > 0 && refused > 0,
            "seed {seed}: {kind} succeeded {succeeded} and was refused {refused} times"
        );
    }
}
