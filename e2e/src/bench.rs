//! `nuts bench`: the weight and storage deposit of the platform's main calls, each read from a
//! dry run (the call runs, its cost is read, its effects are thrown away), plus the release Wasm
//! size of every contract.

use lending_logic::REPAY;
use traits::{Balance, ManagerVersion, SpendingLimit, DAY_MS};

use crate::{
    chain::GENESIS_TIME,
    clients::{InstrumentClient, Manager, Reply, Token},
    platform::{example_loan, fund, Platform, COLLATERAL, INTEREST, PRINCIPAL},
    Chain, Cost,
};

/// One measured call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    /// The message.
    pub call: &'static str,
    /// What it cost in a dry run.
    pub cost: Cost,
}

const DEPOSIT: Balance = 5_000;

/// Dry-runs `call` on `chain`, checks it succeeded, and returns its cost.
fn measure<T: std::fmt::Debug, E: std::fmt::Debug>(
    chain: &mut Chain,
    name: &'static str,
    call: impl FnOnce(&mut Chain) -> Reply<T, E>,
) -> Result<Measurement, String> {
    let (reply, cost) = chain.dry_run(|chain| {
        let reply = call(chain);
        (reply, chain.last_cost())
    });
    match reply {
        Ok(Ok(_)) => Ok(Measurement { call: name, cost }),
        other => Err(format!("{name} failed in the benchmark: {other:?}")),
    }
}

/// Measures activate, create, engage and repay of a lending instrument on manager `version`.
pub fn lending(version: ManagerVersion) -> Result<Vec<Measurement>, String> {
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
    let set = oracle.set_rate(chain, admin, usd.asset(), gold.asset(), (1, 2));
    assert_eq!(set, Ok(Ok(())), "the oracle admin sets a rate");
    let instrument = InstrumentClient::deploy_lending(chain, fsp, oracle, version, b"lending");
    p.give_nuts(fsp, DEPOSIT);
    let chain = &mut p.chain;
    assert_eq!(nuts.approve(chain, fsp, registry.0, DEPOSIT), Ok(Ok(())));
    let (termination, override_at) = (GENESIS_TIME + 365 * DAY_MS, GENESIS_TIME + 60 * DAY_MS);
    let activate = |chain: &mut Chain| {
        registry.activate_instrument(chain, fsp, version, instrument.0, termination, override_at)
    };
    let mut measurements = vec![measure(
        chain,
        "InstrumentRegistry::activate_instrument",
        activate,
    )?];
    let id = activate(chain)
        .map_err(|e| format!("{e:?}"))?
        .map_err(|e| format!("{e:?}"))?;
    let manager: Manager = registry
        .manager_of(chain, id)
        .ok_or("no manager after activation")?;
    let escrow = manager.instrument_escrow(chain);
    for (who, token, amount) in [
        (maker, usd, 20_000),
        (taker, gold, 20_000),
        (taker, usd, 1_000),
    ] {
        fund(chain, escrow, who, token, amount);
    }
    let loan = example_loan(usd.asset(), gold.asset());
    let principal = SpendingLimit::of(usd.asset(), PRINCIPAL);
    measurements.push(measure(chain, "InstrumentManager::create_issuance", |c| {
        manager.create_issuance(c, maker, loan, principal.clone())
    })?);
    let issuance = manager
        .create_issuance(chain, maker, loan, principal)
        .map_err(|e| format!("{e:?}"))?
        .map_err(|e| format!("{e:?}"))?;
    let collateral = SpendingLimit::of(gold.asset(), COLLATERAL);
    let engage =
        |c: &mut Chain| manager.engage_issuance(c, taker, issuance, (), collateral.clone());
    measurements.push(measure(
        chain,
        "InstrumentManager::engage_issuance",
        engage,
    )?);
    engage(chain)
        .map_err(|e| format!("{e:?}"))?
        .map_err(|e| format!("{e:?}"))?;
    let owed = PRINCIPAL + INTEREST;
    let repay = |c: &mut Chain| {
        let limit = SpendingLimit::of(usd.asset(), owed);
        manager.process_custom_event(c, taker, issuance, Some(1), REPAY, owed, limit)
    };
    measurements.push(measure(
        chain,
        "InstrumentManager::process_custom_event(repay)",
        repay,
    )?);
    Ok(measurements)
}
