//! `nuts bench`: what every operation costs, read from dry runs on the in-process chain (the
//! call runs, its cost is read, its effects are thrown away), against its floor: the bare PSP22
//! moves the operation must make, measured in the same run on the same chain. Also every
//! contract's release Wasm size, how cost grows with the number of issuances and of multi-swap
//! takers, and lending on v1, v2 and v3 side by side. [`Report::markdown`] is BENCHMARKS.md.

use std::fmt::Write as _;

use lending_logic::{ENGAGEMENT_DUE, ISSUANCE_DUE, REPAY};
use offer_logic::CANCEL;
use swap_logic::{MultiSwapParams, SwapParams};
use traits::{
    events::AssetTransferred, AccountId, Asset, Balance, ManagerVersion, SpendingLimit,
    TransferKind, DAY_MS,
};

use crate::{
    chain::{ContractEvent, GENESIS_TIME},
    clients::{Escrow, InstrumentClient, Manager, Reply, Token},
    contracts,
    demo::{self, DemoInstrument, DemoOptions},
    platform::{example_loan, fund, Platform, COLLATERAL, INTEREST, PRINCIPAL},
    Chain, Cost,
};

const DEPOSIT: Balance = 5_000;

/// The heading of BENCHMARKS.md's hand-written section, which `nuts bench --out` keeps.
pub const HISTORY: &str = "## History (kept across runs)";
const VERSIONS: [ManagerVersion; 3] = [ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3];
/// The most code pallet-contracts accepts in the ink! sandbox (123 KiB), and a comfortable
/// target (64 KiB).
const CODE_LIMITS: (usize, usize) = (64 * 1024, 123 * 1024);

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

/// Token moves in `events` that a bare transfer would also make: Outcome transfers of tokens
/// between the two escrows (moves inside one escrow are bookkeeping), plus a user's own deposit
/// or withdrawal of tokens when `portal` (an `InstrumentEscrow` call).
pub fn token_moves(events: &[ContractEvent], portal: Option<Asset>) -> u32 {
    let crossing = events
        .iter()
        .filter_map(|event| event.decode::<AssetTransferred>())
        .filter(|t| matches!(t.kind, TransferKind::Inbound | TransferKind::Outbound))
        .filter(|t| matches!(t.asset, Asset::Token(_)))
        .count();
    let own = u32::from(matches!(portal, Some(Asset::Token(_))));
    u32::try_from(crossing).unwrap_or(u32::MAX) + own
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
        let mut p = Platform::new(DEPOSIT);
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
        let times = (GENESIS_TIME + 365 * DAY_MS, GENESIS_TIME + 60 * DAY_MS);
        let activate = |chain: &mut Chain| {
            registry.activate_instrument(chain, fsp, version, instrument.0, times.0, times.1)
        };
        let (cost, token_moves) = measure(chain, "activate", None, activate)?;
        rows.push(Row {
            instrument: "platform",
            version,
            operation: "InstrumentRegistry::activate_instrument".into(),
            cost,
            token_moves,
        });
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
    let chain = &mut w.p.chain;
    let owed = PRINCIPAL + INTEREST;
    let repay = |c: &mut Chain| {
        let limit = SpendingLimit::of(usd.asset(), owed);
        manager.process_custom_event(c, taker, id, Some(1), REPAY, owed, limit)
    };
    row(
        "InstrumentManager::process_custom_event(repay)",
        measure(chain, "repay", None, repay)?,
    );
    let default = |c: &mut Chain| {
        c.advance_time(30 * DAY_MS);
        manager.process_scheduled_event(c, taker, id, Some(1), ENGAGEMENT_DUE)
    };
    row(
        "InstrumentManager::process_scheduled_event(engagement_due)",
        measure(chain, "engagement_due", None, default)?,
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
    let mut reads = vec![
        (
            format!("instrument_manager_{v}: InstrumentManager::issuance_count"),
            w.manager.0,
            ink::selector_bytes!("InstrumentManager::issuance_count"),
        ),
        (
            format!("lending_{v}: Instrument::owner"),
            instrument,
            ink::selector_bytes!("Instrument::owner"),
        ),
    ];
    if shared {
        reads.push((
            "test_token: PSP22::total_supply".into(),
            w.usd.0,
            ink::selector_bytes!("PSP22::total_supply"),
        ));
        reads.push((
            "instrument_escrow: Escrow::owner".into(),
            w.escrow.0,
            ink::selector_bytes!("Escrow::owner"),
        ));
    }
    reads
        .into_iter()
        .map(|(label, contract, selector)| {
            let cost = chain.dry_run(|c| {
                // The value itself is not needed: `()` decodes from any answer.
                let _ = c.call::<()>(reader, contract, selector, (), 0);
                c.last_cost()
            });
            (label, cost)
        })
        .collect()
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
}

impl NodeComparison {
    fn markdown(&self, out: &mut String) {
        let _ = writeln!(out, "\n## On a live node\n\nThe first call of each kind in every demo story, run on the in-process chain and on {} (a dev node started by `nuts bench --node`; each call's cost is its dry run's, which sets the extrinsic's limits), each to its floor measured on the same chain. Floors: `transfer` {} / {} in process, {} / {} on the node; `transfer_from` {} / {} in process, {} / {} on the node (ref_time / proof_size).\n\n| instrument | version | operation | token moves | ref_time in process | x floor | ref_time on node | x floor | proof_size in process | x floor | proof_size on node | x floor |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            self.node,
            self.in_process.transfer.ref_time, self.in_process.transfer.proof_size,
            self.on_node.transfer.ref_time, self.on_node.transfer.proof_size,
            self.in_process.transfer_from.ref_time, self.in_process.transfer_from.proof_size,
            self.on_node.transfer_from.ref_time, self.on_node.transfer_from.proof_size);
        for (here, there) in self.in_process.rows.iter().zip(&self.on_node.rows) {
            let (floor_here, floor_there) = (
                floor(
                    here,
                    self.in_process.transfer,
                    self.in_process.transfer_from,
                ),
                floor(there, self.on_node.transfer, self.on_node.transfer_from),
            );
            let _ = writeln!(
                out,
                "| {} | {:?} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                here.instrument,
                here.version,
                here.operation,
                here.token_moves,
                here.cost.ref_time,
                ratio(here.cost.ref_time, floor_here.ref_time),
                there.cost.ref_time,
                ratio(there.cost.ref_time, floor_there.ref_time),
                here.cost.proof_size,
                ratio(here.cost.proof_size, floor_here.proof_size),
                there.cost.proof_size,
                ratio(there.cost.proof_size, floor_there.proof_size),
            );
        }
    }
}

/// Runs the benchmark.
pub fn run(mode: Mode) -> Result<Report, String> {
    let sizes = contracts::try_all()?
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

/// The floor of `row`: a `transfer_from` for a user's own deposit, a `transfer` for every other
/// token move.
fn floor(row: &Row, transfer: Cost, transfer_from: Cost) -> Cost {
    let unit = if row.operation.starts_with("InstrumentEscrow::deposit") {
        transfer_from
    } else {
        transfer
    };
    let moves = u64::from(row.token_moves);
    Cost {
        ref_time: unit.ref_time * moves,
        proof_size: unit.proof_size * moves,
        storage_deposit: unit.storage_deposit * i128::from(row.token_moves),
    }
}

fn cost_json(c: &Cost) -> serde_json::Value {
    serde_json::json!({"ref_time": c.ref_time, "proof_size": c.proof_size, "storage_deposit": c.storage_deposit.to_string()})
}

fn ratio(value: u64, floor: u64) -> String {
    if floor == 0 {
        "-".into()
    } else {
        format!("{:.2}", value as f64 / floor as f64)
    }
}

impl Report {
    /// The floor of an operation making `moves` token moves: a `transfer_from` for a user's own
    /// deposit, a `transfer` for every other move.
    pub fn floor(&self, row: &Row) -> Cost {
        floor(row, self.transfer, self.transfer_from)
    }

    fn find(&self, version: ManagerVersion, operation: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.instrument == "lending" && r.version == version && r.operation == operation)
    }

    /// A whole loan (create + engage + repay) on `version`: its cost and its floor.
    pub fn loan(&self, version: ManagerVersion) -> Option<(Cost, Cost)> {
        let steps = [
            "InstrumentManager::create_issuance",
            "InstrumentManager::engage_issuance",
            "InstrumentManager::process_custom_event(repay)",
        ];
        let mut total = (Cost::default(), Cost::default());
        for step in steps {
            let row = self.find(version, step)?;
            let floor = self.floor(row);
            total.0.ref_time += row.cost.ref_time;
            total.0.proof_size += row.cost.proof_size;
            total.1.ref_time += floor.ref_time;
            total.1.proof_size += floor.proof_size;
        }
        Some(total)
    }

    /// BENCHMARKS.md.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let mode = match self.mode {
            Mode::Short => "short (`nuts bench`)",
            Mode::Full => "full (`nuts bench --full`)",
        };
        let _ = writeln!(out, "# Benchmarks\n\nGenerated by a {mode} run on the in-process chain (ink! sandbox runtime, dry runs). \
            Weights: `ref_time` (picoseconds) and `proof_size` (bytes); storage deposit in the sandbox's units (1 per byte and per item: compare, do not price). \
            {}\n", match &self.node {
                Some(node) => format!("The last section compares the demo stories in process and on {}.", node.node),
                None => "No live node was measured in this run (`nuts bench --node` adds one).".to_string(),
            });
        let _ = writeln!(out, "## Contract sizes\n\n| contract | release Wasm (bytes) | of 64 KiB | of 123 KiB (sandbox limit) |\n| --- | ---: | ---: | ---: |");
        for (name, size) in &self.sizes {
            let _ = writeln!(
                out,
                "| {name} | {size} | {:.0}% | {:.0}% |",
                100.0 * *size as f64 / CODE_LIMITS.0 as f64,
                100.0 * *size as f64 / CODE_LIMITS.1 as f64
            );
        }
        let _ = writeln!(out, "\n## Floors\n\nThe bare PSP22 moves every operation is compared with, measured in the same run on the same chain:\n\n| move | ref_time | proof_size |\n| --- | ---: | ---: |");
        for (name, cost) in [
            ("PSP22::transfer (10000)", self.transfer),
            ("PSP22::transfer_from (10000)", self.transfer_from),
        ] {
            let _ = writeln!(out, "| {name} | {} | {} |", cost.ref_time, cost.proof_size);
        }
        let _ = writeln!(
            out,
            "\n## Targets\n\n| | v1 | v2 | v3 | target |\n| --- | ---: | ---: | ---: | --- |"
        );
        let deposit: Vec<(String, String)> = VERSIONS
            .iter()
            .map(
                |v| match self.find(*v, "InstrumentEscrow::deposit (token)") {
                    Some(row) => {
                        let floor = self.floor(row);
                        (
                            ratio(row.cost.ref_time, floor.ref_time),
                            ratio(row.cost.proof_size, floor.proof_size),
                        )
                    }
                    None => ("-".into(), "-".into()),
                },
            )
            .collect();
        let loans: Vec<(String, String)> = VERSIONS
            .iter()
            .map(|v| match self.loan(*v) {
                Some((cost, floor)) => (
                    ratio(cost.ref_time, floor.ref_time),
                    ratio(cost.proof_size, floor.proof_size),
                ),
                None => ("-".into(), "-".into()),
            })
            .collect();
        let line = |label: &str, values: Vec<String>, target: &str| {
            format!("| {label} | {} | {target} |\n", values.join(" | "))
        };
        out.push_str(&line(
            "token deposit / transfer_from, ref_time",
            deposit.iter().map(|d| d.0.clone()).collect(),
            "<= 1.5",
        ));
        out.push_str(&line(
            "token deposit / transfer_from, proof_size",
            deposit.iter().map(|d| d.1.clone()).collect(),
            "<= 1.5",
        ));
        out.push_str(&line(
            "loan (create + engage + repay) / its 4 moves, ref_time",
            loans.iter().map(|d| d.0.clone()).collect(),
            "<= 6",
        ));
        out.push_str(&line(
            "loan (create + engage + repay) / its 4 moves, proof_size",
            loans.iter().map(|d| d.1.clone()).collect(),
            "<= 3",
        ));
        let _ = writeln!(out, "\n## Every operation\n\nRatios are to the operation's floor: its token moves (between the escrows, or a user's own deposit or withdrawal) as bare PSP22 moves; `-` where it moves no token (bookkeeping inside one escrow, native currency).\n\n| instrument | version | operation | ref_time | proof_size | storage deposit | token moves | x floor ref_time | x floor proof_size |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for row in &self.rows {
            let floor = self.floor(row);
            let _ = writeln!(
                out,
                "| {} | {:?} | {} | {} | {} | {} | {} | {} | {} |",
                row.instrument,
                row.version,
                row.operation,
                row.cost.ref_time,
                row.cost.proof_size,
                row.cost.storage_deposit,
                row.token_moves,
                ratio(row.cost.ref_time, floor.ref_time),
                ratio(row.cost.proof_size, floor.proof_size)
            );
        }
        let _ = writeln!(out, "\n## Growth\n\nThe same operation as a domain grows; ratios are to the first.\n\n| operation | n | ref_time | proof_size | x first ref_time | x first proof_size |\n| --- | ---: | ---: | ---: | ---: | ---: |");
        for growth in &self.growth {
            let Some((_, first)) = growth.points.first() else {
                continue;
            };
            for (n, cost) in &growth.points {
                let _ = writeln!(
                    out,
                    "| {} | {n} | {} | {} | {} | {} |",
                    growth.label,
                    cost.ref_time,
                    cost.proof_size,
                    ratio(cost.ref_time, first.ref_time),
                    ratio(cost.proof_size, first.proof_size)
                );
            }
        }
        let _ = writeln!(out, "\n## Calling a contract\n\nA one-value read of each contract the operations above call: what a call costs before it does anything (mostly loading the contract's code into the proof). An operation pays this for every contract call it makes, nested ones included.\n\n| contract: read | ref_time | proof_size | x transfer ref_time | x transfer proof_size |\n| --- | ---: | ---: | ---: | ---: |");
        for (label, cost) in &self.code_loads {
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {} |",
                cost.ref_time,
                cost.proof_size,
                ratio(cost.ref_time, self.transfer.ref_time),
                ratio(cost.proof_size, self.transfer.proof_size)
            );
        }
        if let Some(node) = &self.node {
            node.markdown(&mut out);
        }
        out
    }

    /// [`Report::json`], pretty-printed, with a final newline.
    pub fn json_text(&self) -> String {
        serde_json::to_string_pretty(&self.json()).unwrap_or_default() + "\n"
    }

    /// The same data as JSON (BENCHMARKS.json).
    pub fn json(&self) -> serde_json::Value {
        let row_json = |row: &Row| {
            serde_json::json!({
                "instrument": row.instrument,
                "version": format!("{:?}", row.version),
                "operation": row.operation,
                "cost": cost_json(&row.cost),
                "token_moves": row.token_moves,
            })
        };
        serde_json::json!({
            "mode": format!("{:?}", self.mode),
            "sizes": self.sizes.iter().map(|(name, size)| serde_json::json!({"contract": name, "wasm_bytes": size})).collect::<Vec<_>>(),
            "floors": {"transfer": cost_json(&self.transfer), "transfer_from": cost_json(&self.transfer_from)},
            "operations": self.rows.iter().map(|row| {
                let mut json = row_json(row);
                json["floor"] = cost_json(&self.floor(row));
                json
            }).collect::<Vec<_>>(),
            "growth": self.growth.iter().map(|g| serde_json::json!({
                "label": g.label,
                "points": g.points.iter().map(|(n, c)| serde_json::json!({"n": n, "cost": cost_json(c)})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "code_loads": self.code_loads.iter().map(|(label, c)| serde_json::json!({"read": label, "cost": cost_json(c)})).collect::<Vec<_>>(),
            "node": self.node.as_ref().map(|node| {
                let stories = |costs: &StoryCosts| serde_json::json!({
                    "floors": {"transfer": cost_json(&costs.transfer), "transfer_from": cost_json(&costs.transfer_from)},
                    "operations": costs.rows.iter().map(row_json).collect::<Vec<_>>(),
                });
                serde_json::json!({"node": node.node, "in_process": stories(&node.in_process), "on_node": stories(&node.on_node)})
            }),
        })
    }
}
