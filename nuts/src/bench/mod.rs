//! `nuts bench`: what every operation costs, read from dry runs on the in-process chain (the
//! call runs, its cost is read, its effects are thrown away), against its floor: the bare PSP22
//! moves the operation must make, measured in the same run on the same chain. Also every
//! contract's release Wasm size, how cost grows with the number of issuances and of multi-swap
//! takers, and lending on v1, v2 and v3 side by side. This module measures; [`report`] turns a
//! [`Report`] into BENCHMARKS.md and its JSON.

pub mod proof;
mod report;

pub use report::HISTORY;

use ink::{
    codegen::TraitCallBuilder,
    scale::{Decode, Encode},
};
use psp22::PSP22 as _;
use traits::{Escrow as _, Instrument as _, InstrumentManager as _};

use lending_logic::{ENGAGEMENT_DUE, ISSUANCE_DUE, REPAY};
use offer_logic::CANCEL;
use swap_logic::{MultiSwapParams, SwapParams};
use traits::{AccountId, Asset, Balance, ManagerVersion, SpendingLimit, DAY_MS};

use crate::demo::{self, DemoInstrument, DemoOptions};
use client::{
    chain::{Message, GENESIS_TIME},
    clients::{
        ref_to, Escrow, EscrowRef, InstrumentClient, InstrumentManagerRef, InstrumentRef, Manager,
        PSP22Ref, Reply, Token,
    },
    contracts,
    events::token_moves,
    platform::{example_loan, fund, Platform, COLLATERAL, INTEREST, PRINCIPAL},
    Chain, Cost,
};

const DEPOSIT: Balance = 5_000;

const VERSIONS: [ManagerVersion; 3] = [ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3];

/// How much to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Growth from the 1st to the 100th issuance: what `scripts/test` runs (about a minute).
    Short,
    /// Growth at the 1st, 100th and 1000th issuance: the run BENCHMARKS.md comes from.
    Full,
}

/// One measured operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The instrument (or "platform" for escrow and activation calls).
    pub instrument: &'static str,
    /// The interface version of its domain.
    pub version: ManagerVersion,
    /// The message, with what it did.
    pub operation: String,
    /// What it cost.
    pub cost: Cost,
    /// The PSP22 moves it must make: tokens crossing between escrows, or between a user and
    /// the instrument escrow.
    pub token_moves: u32,
}

/// The cost of one operation as its instrument grows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Growth {
    /// What is measured.
    pub label: String,
    /// `(n, cost of the n-th)`.
    pub points: Vec<(u64, Cost)>,
}

/// One run of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// How much was measured.
    pub mode: Mode,
    /// Every contract's release Wasm size.
    pub sizes: Vec<(&'static str, usize)>,
    /// A bare `PSP22::transfer` of 10000 tokens.
    pub transfer: Cost,
    /// A bare `PSP22::transfer_from` of 10000 tokens.
    pub transfer_from: Cost,
    /// Every operation of every instrument on every version it ships on.
    pub rows: Vec<Row>,
    /// Growth with issuances and takers.
    pub growth: Vec<Growth>,
    /// What calling each contract costs before it does anything (a one-value read: mostly the
    /// loading of its code), on the in-process chain.
    pub code_loads: Vec<(String, Cost)>,
    /// The demo stories on a live node beside the in-process chain (`nuts bench --node`).
    pub node: Option<NodeComparison>,
}

/// Dry-runs `call` on `chain`, checks it succeeded, and returns its cost and token moves.
fn measure<T: std::fmt::Debug, E: std::fmt::Debug>(
    chain: &mut Chain,
    name: &str,
    portal: Option<Asset>,
    call: impl FnOnce(&mut Chain) -> Reply<T, E>,
) -> Result<(Cost, u32), String> {
    let (reply, cost, moves) = chain.dry_run(|chain| {
        let reply = call(chain);
        let moves = token_moves(chain.events(), portal);
        (reply, chain.last_cost(), moves)
    });
    match reply {
        Ok(Ok(_)) => Ok((cost, moves)),
        other => Err(format!("{name} failed in the benchmark: {other:?}")),
    }
}

fn done<T: std::fmt::Debug, E: std::fmt::Debug>(reply: Reply<T, E>) -> Result<T, String> {
    match reply {
        Ok(Ok(value)) => Ok(value),
        other => Err(format!("a setup call failed: {other:?}")),
    }
}

/// A lending domain on `version` with a funded maker and taker.
struct LendingWorld {
    p: Platform,
    fsp: AccountId,
    maker: AccountId,
    taker: AccountId,
    usd: Token,
    gold: Token,
    manager: Manager,
    escrow: Escrow,
}

impl LendingWorld {
    /// The platform and a lending instrument on `version`; `activate` is measured first.
    fn new(version: ManagerVersion, rows: &mut Vec<Row>) -> Result<Self, String> {
        Self::on(Platform::new(DEPOSIT), version, Some(rows))
    }

    /// [`LendingWorld::new`] on platform `p`; `activate` measured into `rows` if given (a
    /// measurement needs a chain that can go back: not a live node).
    fn on(
        mut p: Platform,
        version: ManagerVersion,
        rows: Option<&mut Vec<Row>>,
    ) -> Result<Self, String> {
        let (admin, oracle, nuts, registry) = (p.admin, p.oracle, p.nuts, p.registry);
        let chain = &mut p.chain;
        let (fsp, maker, taker) = (
            chain.account("fsp"),
            chain.account("maker"),
            chain.account("taker"),
        );
        let usd = Token::deploy_test_token(chain, admin, 0, b"usd");
        let gold = Token::deploy_test_token(chain, admin, 0, b"gold");
        done(oracle.set_rate(chain, admin, usd.asset(), gold.asset(), (1, 2)))?;
        let instrument = InstrumentClient::deploy_lending(chain, fsp, oracle, version, b"lending");
        p.give_nuts(fsp, DEPOSIT);
        let chain = &mut p.chain;
        done(nuts.approve(chain, fsp, registry.0, DEPOSIT))?;
        let start = chain.now();
        let times = (start + 365 * DAY_MS, start + 60 * DAY_MS);
        let activate = |chain: &mut Chain| {
            registry.activate_instrument(chain, fsp, version, instrument.0, times.0, times.1)
        };
        if let Some(rows) = rows {
            let (cost, token_moves) = measure(chain, "activate", None, activate)?;
            rows.push(Row {
                instrument: "platform",
                version,
                operation: "InstrumentRegistry::activate_instrument".into(),
                cost,
                token_moves,
            });
        }
        let id = done(activate(chain))?;
        let manager = registry
            .manager_of(chain, id)
            .ok_or("no manager after activation")?;
        let escrow = manager.instrument_escrow(chain);
        fund(chain, escrow, taker, gold, 1_000_000);
        fund(chain, escrow, taker, usd, 1_000_000);
        Ok(LendingWorld {
            p,
            fsp,
            maker,
            taker,
            usd,
            gold,
            manager,
            escrow,
        })
    }

    fn create(&mut self) -> Result<u64, String> {
        let (manager, maker) = (self.manager, self.maker);
        let loan = example_loan(self.usd.asset(), self.gold.asset());
        let limit = SpendingLimit::of(self.usd.asset(), PRINCIPAL);
        done(manager.create_issuance(&mut self.p.chain, maker, loan, limit))
    }

    fn engage(&mut self, id: u64) -> impl FnOnce(&mut Chain) -> Reply<u64, traits::ManagerError> {
        let (manager, taker) = (self.manager, self.taker);
        let limit = SpendingLimit::of(self.gold.asset(), COLLATERAL);
        move |c: &mut Chain| manager.engage_issuance(c, taker, id, (), limit)
    }

    /// The taker's repayment of engagement 1 of issuance `id`: principal and interest.
    fn repay(&self, id: u64) -> impl Fn(&mut Chain) -> Reply<(), traits::ManagerError> {
        let (manager, taker, usd) = (self.manager, self.taker, self.usd);
        let owed = PRINCIPAL + INTEREST;
        move |c: &mut Chain| {
            let limit = SpendingLimit::of(usd.asset(), owed);
            manager.process_custom_event(c, taker, id, Some(1), REPAY, owed, limit)
        }
    }
}

/// Every lending operation on `version`.
fn lending(version: ManagerVersion, rows: &mut Vec<Row>) -> Result<LendingWorld, String> {
    let mut w = LendingWorld::new(version, rows)?;
    let (manager, escrow, maker, taker, fsp) = (w.manager, w.escrow, w.maker, w.taker, w.fsp);
    let (usd, gold) = (w.usd, w.gold);
    let mut row = |operation: &str, (cost, token_moves): (Cost, u32)| {
        rows.push(Row {
            instrument: "lending",
            version,
            operation: operation.into(),
            cost,
            token_moves,
        })
    };
    let chain = &mut w.p.chain;
    usd.mint_to(chain, maker, 100_000);
    done(usd.approve(chain, maker, escrow.0, 100_000))?;
    let deposit = |c: &mut Chain| escrow.deposit(c, maker, usd.asset(), 100_000, 0);
    row(
        "InstrumentEscrow::deposit (token)",
        measure(chain, "deposit", Some(usd.asset()), deposit)?,
    );
    done(deposit(chain))?;
    let native = |c: &mut Chain| escrow.deposit(c, maker, Asset::Native, 1_000, 1_000);
    row(
        "InstrumentEscrow::deposit (native)",
        measure(chain, "native deposit", Some(Asset::Native), native)?,
    );
    done(native(chain))?;
    let withdraw = |c: &mut Chain| escrow.withdraw(c, maker, usd.asset(), 500);
    row(
        "InstrumentEscrow::withdraw (token)",
        measure(chain, "withdraw", Some(usd.asset()), withdraw)?,
    );
    let native_out = |c: &mut Chain| escrow.withdraw(c, maker, Asset::Native, 500);
    row(
        "InstrumentEscrow::withdraw (native)",
        measure(chain, "native withdraw", Some(Asset::Native), native_out)?,
    );
    let loan = example_loan(usd.asset(), gold.asset());
    let principal = SpendingLimit::of(usd.asset(), PRINCIPAL);
    let create = |c: &mut Chain| manager.create_issuance(c, maker, loan, principal.clone());
    row(
        "InstrumentManager::create_issuance",
        measure(chain, "create", None, create)?,
    );
    let id = w.create()?;
    let chain = &mut w.p.chain;
    let none = SpendingLimit::none;
    let renew = |c: &mut Chain| manager.renew_issuance(c, maker, id, 1u32, none());
    row(
        "InstrumentManager::renew_issuance",
        measure(chain, "renew", None, renew)?,
    );
    let cancel =
        |c: &mut Chain| manager.process_custom_event(c, maker, id, None, CANCEL, (), none());
    row(
        "InstrumentManager::process_custom_event(cancel)",
        measure(chain, "cancel", None, cancel)?,
    );
    let expire = |c: &mut Chain| {
        c.advance_time(7 * DAY_MS);
        manager.process_scheduled_event(c, taker, id, None, ISSUANCE_DUE)
    };
    row(
        "InstrumentManager::process_scheduled_event(issuance_due)",
        measure(chain, "issuance_due", None, expire)?,
    );
    let engage = w.engage(id);
    let chain = &mut w.p.chain;
    row(
        "InstrumentManager::engage_issuance",
        measure(chain, "engage", None, engage)?,
    );
    done(w.engage(id)(&mut w.p.chain))?;
    let repay = w.repay(id);
    let chain = &mut w.p.chain;
    row(
        "InstrumentManager::process_custom_event(repay)",
        measure(chain, "repay", None, &repay)?,
    );
    let default = |c: &mut Chain| {
        c.advance_time(30 * DAY_MS);
        manager.process_scheduled_event(c, taker, id, Some(1), ENGAGEMENT_DUE)
    };
    row(
        "InstrumentManager::process_scheduled_event(engagement_due)",
        measure(chain, "engagement_due", None, default)?,
    );
    done(repay(chain))?;
    let close = |c: &mut Chain| manager.close_issuance(c, maker, id);
    row(
        "InstrumentManager::close_issuance",
        measure(chain, "close", None, close)?,
    );
    done(close(chain))?;
    let close_engagement = |c: &mut Chain| manager.close_engagement(c, taker, id, 1);
    row(
        "InstrumentManager::close_engagement",
        measure(chain, "close engagement", None, close_engagement)?,
    );
    let deactivate = |c: &mut Chain| {
        c.set_time(GENESIS_TIME + 60 * DAY_MS);
        manager.deactivate(c, fsp)
    };
    row(
        "InstrumentManager::deactivate",
        measure(chain, "deactivate", None, deactivate)?,
    );
    Ok(w)
}

/// The bare PSP22 moves on `w`'s chain: `transfer` and `transfer_from` of 10000 USD.
fn floors(w: &mut LendingWorld) -> Result<(Cost, Cost), String> {
    let (usd, maker, taker, fsp) = (w.usd, w.maker, w.taker, w.fsp);
    let chain = &mut w.p.chain;
    usd.mint_to(chain, maker, 2 * PRINCIPAL);
    let transfer = |c: &mut Chain| usd.transfer(c, maker, taker, PRINCIPAL);
    let (transfer, _) = measure(chain, "PSP22::transfer", None, transfer)?;
    done(usd.approve(chain, maker, taker, PRINCIPAL))?;
    let pull = |c: &mut Chain| usd.transfer_from(c, taker, (maker, fsp), PRINCIPAL);
    let (transfer_from, _) = measure(chain, "PSP22::transfer_from", None, pull)?;
    Ok((transfer, transfer_from))
}

/// A one-value read of each contract of `w`'s domain (with `shared`, also of the token and the
/// instrument escrow, the same on every version): what calling it costs before it does anything.
fn code_loads_of(
    w: &mut LendingWorld,
    version: ManagerVersion,
    shared: bool,
) -> Vec<(String, Cost)> {
    let (reader, chain) = (w.taker, &mut w.p.chain);
    let instrument = w.manager.setup(chain).instrument;
    let v = format!("{version:?}").to_lowercase();
    let mut loads = vec![
        (
            format!("instrument_manager_{v}: InstrumentManager::issuance_count"),
            load_cost(
                chain,
                reader,
                ref_to::<InstrumentManagerRef>(w.manager.0)
                    .call_mut()
                    .issuance_count(),
            ),
        ),
        (
            format!("lending_{v}: Instrument::owner"),
            load_cost(
                chain,
                reader,
                ref_to::<InstrumentRef>(instrument).call_mut().owner(),
            ),
        ),
    ];
    if shared {
        loads.push((
            "test_token: PSP22::total_supply".into(),
            load_cost(
                chain,
                reader,
                ref_to::<PSP22Ref>(w.usd.0).call_mut().total_supply(),
            ),
        ));
        loads.push((
            "instrument_escrow: Escrow::owner".into(),
            load_cost(
                chain,
                reader,
                ref_to::<EscrowRef>(w.escrow.0).call_mut().owner(),
            ),
        ));
    }
    loads
}

/// What sending `message` as `reader` costs (a dry run: a read keeps no cost).
fn load_cost<Args: Encode, R: Decode>(
    chain: &mut Chain,
    reader: AccountId,
    message: Message<Args, R>,
) -> Cost {
    chain.dry_run(|c| {
        let _ = c.send(reader, message);
        c.last_cost()
    })
}

/// Create and engage at the `points`-th issuances of one lending domain on `version`.
fn issuance_growth(version: ManagerVersion, points: &[u64]) -> Result<Vec<Growth>, String> {
    let mut w = LendingWorld::new(version, &mut Vec::new())?;
    let (maker, escrow, usd) = (w.maker, w.escrow, w.usd);
    let last = points.iter().copied().max().unwrap_or(1);
    fund(
        &mut w.p.chain,
        escrow,
        maker,
        usd,
        PRINCIPAL * Balance::from(last),
    );
    let (mut creates, mut engages) = (Vec::new(), Vec::new());
    for n in 1..=last {
        if points.contains(&n) {
            let (manager, loan) = (w.manager, example_loan(usd.asset(), w.gold.asset()));
            let limit = SpendingLimit::of(usd.asset(), PRINCIPAL);
            let create = |c: &mut Chain| manager.create_issuance(c, maker, loan, limit);
            creates.push((n, measure(&mut w.p.chain, "create", None, create)?.0));
            let id = w.create()?;
            let engage = w.engage(id);
            engages.push((n, measure(&mut w.p.chain, "engage", None, engage)?.0));
        } else {
            w.create()?;
        }
    }
    Ok(vec![
        Growth {
            label: format!("lending {version:?}: create_issuance at the n-th issuance"),
            points: creates,
        },
        Growth {
            label: format!("lending {version:?}: engage_issuance of the n-th issuance"),
            points: engages,
        },
    ])
}

/// The 1st and the `takers`-th engagement of one multi-swap offer (neither completes it).
fn taker_growth(takers: u64) -> Result<Growth, String> {
    let mut p = Platform::new(DEPOSIT);
    let (admin, nuts, registry) = (p.admin, p.nuts, p.registry);
    let chain = &mut p.chain;
    let (fsp, maker) = (chain.account("fsp"), chain.account("maker"));
    let usd = Token::deploy_test_token(chain, admin, 0, b"usd");
    let gold = Token::deploy_test_token(chain, admin, 0, b"gold");
    let instrument = InstrumentClient::deploy_multi_swap(chain, fsp, b"multi-swap");
    p.give_nuts(fsp, DEPOSIT);
    let chain = &mut p.chain;
    done(nuts.approve(chain, fsp, registry.0, DEPOSIT))?;
    let (end, cut) = (GENESIS_TIME + 365 * DAY_MS, GENESIS_TIME + 60 * DAY_MS);
    let v2 = ManagerVersion::V2;
    let id = done(registry.activate_instrument(chain, fsp, v2, instrument.0, end, cut))?;
    let manager = registry.manager_of(chain, id).ok_or("no manager")?;
    let escrow = manager.instrument_escrow(chain);
    let part: Balance = 100;
    let whole = part * Balance::from(takers + 1);
    fund(chain, escrow, maker, gold, whole);
    let offer = MultiSwapParams {
        swap: SwapParams {
            input_asset: gold.asset(),
            input_amount: whole,
            output_asset: usd.asset(),
            output_amount: whole,
            issuance_duration_days: 7,
        },
        min_output: part,
        max_output: part,
    };
    let limit = SpendingLimit::of(gold.asset(), whole);
    let issuance = done(manager.create_issuance(chain, maker, offer, limit))?;
    let mut points = Vec::new();
    for n in 1..=takers {
        let taker = chain.account(&format!("taker {n}"));
        fund(chain, escrow, taker, usd, part);
        let limit = SpendingLimit::of(usd.asset(), part);
        let engage = |c: &mut Chain| manager.engage_issuance(c, taker, issuance, part, limit);
        if n == 1 || n == takers {
            points.push((
                n,
                measure(chain, "multi-swap engage", None, engage.clone())?.0,
            ));
        }
        done(engage(chain))?;
    }
    Ok(Growth {
        label: "multi-swap V2: engage_issuance of the n-th taker".into(),
        points,
    })
}

/// Manager calls of the other instruments, each the first of its kind in its demo story.
fn stories(rows: &mut Vec<Row>) -> Result<(), String> {
    let others = [
        DemoInstrument::Borrowing,
        DemoInstrument::Swap,
        DemoInstrument::MultiSwap,
    ];
    rows.extend(story_rows(&others, || Platform::new(demo::DEMO_DEPOSIT))?);
    Ok(())
}

/// The first call of each kind (`InstrumentRegistry::*`, `InstrumentManager::*`,
/// `InstrumentEscrow::*`) of the demo
/// story of each of `instruments` on every version it ships on, on the platforms `platform`
/// sets up.
fn story_rows(
    instruments: &[DemoInstrument],
    mut platform: impl FnMut() -> Platform,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for &instrument in instruments {
        for &version in instrument.versions() {
            let options = DemoOptions {
                instrument,
                version,
                json: false,
            };
            let report = demo::run_on(&mut platform, options, &mut std::io::sink())
                .map_err(|error| error.to_string())?;
            let mut seen = Vec::new();
            for step in report.steps {
                let platform_call = [
                    "InstrumentRegistry::",
                    "InstrumentManager::",
                    "InstrumentEscrow::",
                ]
                .iter()
                .any(|prefix| step.call.starts_with(prefix));
                if platform_call && !seen.contains(&step.call) {
                    seen.push(step.call.clone());
                    rows.push(Row {
                        instrument: instrument.name(),
                        version,
                        operation: step.call,
                        cost: step.cost,
                        token_moves: step.token_moves,
                    });
                }
            }
        }
    }
    Ok(rows)
}

/// Every demo story's calls on one chain, and its bare PSP22 moves. The calls really run (no
/// dry runs): this measures a live node as well as the in-process chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryCosts {
    /// A bare `PSP22::transfer` of 10000 tokens there.
    pub transfer: Cost,
    /// A bare `PSP22::transfer_from` of 10000 tokens there.
    pub transfer_from: Cost,
    /// The first call of each kind of every story, every instrument on every version.
    pub rows: Vec<Row>,
}

/// [`StoryCosts`] on the platforms `platform` sets up (a fresh one per story).
pub fn story_costs(mut platform: impl FnMut() -> Platform) -> Result<StoryCosts, String> {
    let all = [
        DemoInstrument::Lending,
        DemoInstrument::Borrowing,
        DemoInstrument::Swap,
        DemoInstrument::MultiSwap,
    ];
    let rows = story_rows(&all, &mut platform)?;
    let mut p = platform();
    let (admin, chain) = (p.admin, &mut p.chain);
    let (from, to) = (chain.account("floor from"), chain.account("floor to"));
    let token = Token::deploy_test_token(chain, admin, 0, b"floor");
    token.mint_to(chain, from, 2 * PRINCIPAL);
    done(token.transfer(chain, from, to, PRINCIPAL))?;
    let transfer = chain.last_cost();
    done(token.approve(chain, from, to, PRINCIPAL))?;
    done(token.transfer_from(chain, to, (from, to), PRINCIPAL))?;
    let transfer_from = chain.last_cost();
    Ok(StoryCosts {
        transfer,
        transfer_from,
        rows,
    })
}

/// The demo stories in process and on a live node, side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeComparison {
    /// The node (`substrate-contracts-node 0.42.0`...).
    pub node: String,
    /// On the in-process chain.
    pub in_process: StoryCosts,
    /// On the node.
    pub on_node: StoryCosts,
    /// Where the proof of the floors, a token deposit and a loan on each version goes on the
    /// node (see [`proof`]).
    pub proof: Vec<proof::Traced>,
}

/// Runs the benchmark.
pub fn run(mode: Mode) -> Result<Report, String> {
    let sizes = contracts::artifacts(contracts::ALL)?
        .iter()
        .map(|(contract, artifact)| (contract.name, artifact.wasm.len()))
        .collect();
    let mut rows = Vec::new();
    let mut floor = None;
    let mut code_loads = Vec::new();
    for version in VERSIONS {
        let mut w = lending(version, &mut rows)?;
        if floor.is_none() {
            floor = Some(floors(&mut w)?);
        }
        let first = code_loads.is_empty();
        code_loads.extend(code_loads_of(&mut w, version, first));
    }
    stories(&mut rows)?;
    let points: &[u64] = match mode {
        Mode::Short => &[1, 100],
        Mode::Full => &[1, 100, 1000],
    };
    let mut growth = Vec::new();
    for version in VERSIONS {
        growth.extend(issuance_growth(version, points)?);
    }
    growth.push(taker_growth(50)?);
    let (transfer, transfer_from) = floor.ok_or("no floor measured")?;
    Ok(Report {
        mode,
        sizes,
        transfer,
        transfer_from,
        rows,
        growth,
        code_loads,
        node: None,
    })
}

#[cfg(feature = "node")]
/// `nuts bench --node`: every demo story on the in-process chain and on a dev node started for
/// it, with the floors of each (see [`story_costs`]).
pub fn compare_on_node(mut progress: impl FnMut(&str)) -> Result<NodeComparison, String> {
    progress("the demo stories in process");
    let in_process = story_costs(|| Platform::new(crate::demo::DEMO_DEPOSIT))?;
    progress("starting a dev node (tracing host functions)");
    let node = client::local_node::LocalNode::start_traced()?;
    let mut stories = 0;
    let on_node = story_costs(|| {
        stories += 1;
        progress(&format!("story {stories} on the node"));
        node.platform(&format!("bench admin {stories}"), crate::demo::DEMO_DEPOSIT)
    })?;
    let proof = proof_breakdown(&node, &mut progress)?;
    Ok(NodeComparison {
        node: client::local_node::LocalNode::version(),
        in_process,
        on_node,
        proof,
    })
}

#[cfg(feature = "node")]
/// The floors, a token deposit, and a loan (create, engage, repay) on every version, each call
/// really sent on `node` (started with [`client::local_node::LocalNode::start_traced`]) and its
/// dry run's trace counted.
fn proof_breakdown(
    node: &client::local_node::LocalNode,
    progress: &mut impl FnMut(&str),
) -> Result<Vec<proof::Traced>, String> {
    let mut traced = Vec::new();
    let mut record = |chain: &mut Chain, call: String| -> Result<(), String> {
        let cost = chain.last_cost();
        let trace = chain
            .backend::<client::node::NodeBackend>()
            .map(|node| node.last_trace().to_string())
            .unwrap_or_default();
        if trace.is_empty() {
            return Err(format!("{call}: the node traced no host function"));
        }
        let parts = proof::Parts::of_trace(&trace, cost.proof_size);
        traced.push(proof::Traced { call, cost, parts });
        Ok(())
    };
    for version in VERSIONS {
        progress(&format!("tracing a {version:?} loan on the node"));
        let platform = node.platform(&format!("trace admin {version:?}"), DEPOSIT);
        let mut w = LendingWorld::on(platform, version, None)?;
        let (usd, maker, taker, fsp) = (w.usd, w.maker, w.taker, w.fsp);
        let escrow = w.escrow;
        let chain = &mut w.p.chain;
        usd.mint_to(chain, maker, 2 * PRINCIPAL + 100_000);
        if version == ManagerVersion::V1 {
            done(usd.transfer(chain, maker, taker, PRINCIPAL))?;
            record(chain, "PSP22::transfer".into())?;
            done(usd.approve(chain, maker, taker, PRINCIPAL))?;
            done(usd.transfer_from(chain, taker, (maker, fsp), PRINCIPAL))?;
            record(chain, "PSP22::transfer_from".into())?;
        }
        done(usd.approve(chain, maker, escrow.0, 100_000))?;
        done(escrow.deposit(chain, maker, usd.asset(), 100_000, 0))?;
        if version == ManagerVersion::V1 {
            record(chain, "InstrumentEscrow::deposit (token)".into())?;
        }
        let id = w.create()?;
        record(&mut w.p.chain, format!("{version:?} create_issuance"))?;
        done(w.engage(id)(&mut w.p.chain))?;
        record(&mut w.p.chain, format!("{version:?} engage_issuance"))?;
        done(w.repay(id)(&mut w.p.chain))?;
        record(&mut w.p.chain, format!("{version:?} repay"))?;
    }
    Ok(traced)
}
