//! The demo story: the whole platform on an in-process chain, told step by step with states,
//! escrow balances, events and the weight of every call (`nuts demo`). Its end state is checked by
//! a test, so the story cannot silently rot.

use std::{fmt::Debug, io::Write};

use ink::scale::Decode;
use lending_logic::{LendingParams, ENGAGEMENT_DUE, REPAY};
use traits::{
    events::{
        AssetTransferred, Deposited, EngagementCreated, EngagementUpdated, EventProcessed,
        EventScheduled, EventUnscheduled, InstrumentActivated, InstrumentDeactivated,
        IssuanceCreated, IssuanceUpdated, Moved, Withdrawn,
    },
    AccountId, Asset, Balance, IssuanceId, ManagerVersion, SpendingLimit, Timestamp, DAY_MS,
};

use crate::{
    chain::{ContractEvent, GENESIS_TIME},
    clients::{Escrow, InstrumentClient, Manager, Reply, Token},
    platform::{example_loan, Platform, COLLATERAL, INTEREST, PRINCIPAL},
    Cost,
};

/// NUTS an FSP deposits to activate an instrument in the demo.
pub const DEMO_DEPOSIT: Balance = 5_000;

/// How to tell the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// The manager version the lending instrument is activated on.
    pub version: ManagerVersion,
    /// One JSON object per line instead of text.
    pub json: bool,
}

/// One call of the story and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    /// What happened, in words.
    pub title: String,
    /// The message called.
    pub call: String,
    /// Weight and storage deposit.
    pub cost: Cost,
}

/// The story's end state, for the summary and the test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    /// Every step, in order.
    pub steps: Vec<StepRecord>,
    /// Instrument-escrow balances at the end: (party, asset, amount).
    pub final_balances: Vec<(String, String, Balance)>,
    /// NUTS burned at deactivation.
    pub burned: Balance,
}

/// A step whose call failed: which, and the decoded reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoError {
    /// The step's title.
    pub step: String,
    /// The message called.
    pub call: String,
    /// The typed error, decoded.
    pub reason: String,
}

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "step \"{}\" failed: {} returned {}",
            self.step, self.call, self.reason
        )
    }
}

struct Story<'a> {
    p: Platform,
    out: &'a mut dyn Write,
    version: ManagerVersion,
    json: bool,
    steps: Vec<StepRecord>,
    parties: Vec<AccountId>,
    tokens: Vec<Token>,
    escrow: Option<Escrow>,
}

/// Runs the story on a fresh chain, writing it to `out`.
pub fn run(options: DemoOptions, out: &mut dyn Write) -> Result<DemoReport, DemoError> {
    let mut story = Story {
        p: Platform::new(DEMO_DEPOSIT),
        version: options.version,
        out,
        json: options.json,
        steps: Vec::new(),
        parties: Vec::new(),
        tokens: Vec::new(),
        escrow: None,
    };
    story.tell()
}

impl Story<'_> {
    fn tell(&mut self) -> Result<DemoReport, DemoError> {
        let chain = &mut self.p.chain;
        let (admin, oracle, nuts) = (self.p.admin, self.p.oracle, self.p.nuts);
        let fsp = chain.account("fsp");
        let maker = chain.account("maker");
        let taker = chain.account("taker");
        let keeper = chain.account("keeper");
        self.parties = vec![fsp, maker, taker];
        let usd = Token::deploy_test_token(chain, admin, 0, b"usd");
        let gold = Token::deploy_test_token(chain, admin, 0, b"gold");
        chain.label(usd.0, "USD");
        chain.label(gold.0, "GOLD");
        self.tokens = vec![usd, gold];
        self.say("The platform is up: NUTS token, price oracle, registry (Config: managers v1, v2, v3, escrow and issuance-storage code hashes).");

        let reply = oracle.set_rate(&mut self.p.chain, admin, usd.asset(), gold.asset(), (1, 2));
        self.step(
            "The oracle admin prices USD in GOLD: 1 USD = 0.5 GOLD",
            "PriceOracle::set_rate",
            reply,
        )?;

        // The FSP deploys its lending instrument and activates it.
        let version = self.version;
        let instrument =
            InstrumentClient::deploy_lending(&mut self.p.chain, fsp, oracle, version, b"lending");
        self.p.chain.label(instrument.0, "lending instrument");
        self.p.give_nuts(fsp, DEMO_DEPOSIT);
        let reply = nuts.approve(&mut self.p.chain, fsp, self.p.registry.0, DEMO_DEPOSIT);
        self.step(
            "The FSP approves the registry for the NUTS deposit",
            "PSP22::approve",
            reply,
        )?;
        let override_at = GENESIS_TIME + 60 * DAY_MS;
        let termination = GENESIS_TIME + 365 * DAY_MS;
        let reply = self.p.registry.activate_instrument(
            &mut self.p.chain,
            fsp,
            version,
            instrument.0,
            termination,
            override_at,
        );
        let instrument_id = self.step(
            &format!("The FSP activates its lending instrument on manager {version:?}"),
            "InstrumentRegistry::activate_instrument",
            reply,
        )?;
        let manager = self
            .p
            .registry
            .manager_of(&mut self.p.chain, instrument_id)
            .expect("activated instruments have a manager");
        self.p.chain.label(manager.0, "manager");
        let escrow = manager.instrument_escrow(&mut self.p.chain);
        self.p.chain.label(escrow.0, "instrument escrow");
        self.escrow = Some(escrow);

        // Makers and takers bring their assets into the domain.
        for (who, token, amount) in [
            (maker, usd, 50_000),
            (taker, gold, 20_000),
            (taker, usd, 1_000),
        ] {
            token.mint_to(&mut self.p.chain, who, amount);
            let reply = token.approve(&mut self.p.chain, who, escrow.0, amount);
            self.step(
                &format!("{} approves the instrument escrow", self.name(who)),
                "PSP22::approve",
                reply,
            )?;
            let reply = escrow.deposit(&mut self.p.chain, who, token.asset(), amount, 0);
            let title = format!(
                "{} deposits {amount} {} into the instrument escrow",
                self.name(who),
                self.name(token.0)
            );
            self.step(&title, "InstrumentEscrow::deposit", reply)?;
        }

        let loan = example_loan(usd.asset(), gold.asset());

        // Loan 1: engaged, then repaid.
        let first = self.create(manager, maker, loan)?;
        self.engage(manager, taker, first)?;
        self.p.chain.advance_time(20 * DAY_MS);
        self.say("... 20 days pass ...");
        let owed = PRINCIPAL + INTEREST;
        let reply = manager.process_custom_event(
            &mut self.p.chain,
            taker,
            first,
            Some(1),
            REPAY,
            owed,
            SpendingLimit::of(usd.asset(), owed),
        );
        self.step(
            "The taker repays 10300 USD (spending limit 10300 USD): the maker is paid, the collateral comes back",
            "InstrumentManager::process_custom_event(repay)",
            reply,
        )?;
        self.show_issuance(manager, first);

        // Loan 2: engaged, never repaid: the keeper fires the default.
        let second = self.create(manager, maker, loan)?;
        self.engage(manager, taker, second)?;
        let due = manager
            .scheduled_event(&mut self.p.chain, second, Some(1), ENGAGEMENT_DUE)
            .expect("scheduled at engagement");
        let early = manager.process_scheduled_event(
            &mut self.p.chain,
            keeper,
            second,
            Some(1),
            ENGAGEMENT_DUE,
        );
        self.say(&format!(
            "The keeper tries engagement_due early: {early:?} (refused, nothing changes)"
        ));
        self.p.chain.set_time(due);
        self.say(&format!(
            "... time reaches the loan's due time (day {}) ...",
            self.day(due)
        ));
        let reply = manager.process_scheduled_event(
            &mut self.p.chain,
            keeper,
            second,
            Some(1),
            ENGAGEMENT_DUE,
        );
        self.step(
            "The keeper fires engagement_due: the unpaid loan's collateral goes to the maker",
            "InstrumentManager::process_scheduled_event",
            reply,
        )?;
        self.show_issuance(manager, second);

        // The FSP deactivates its instrument: the deposit is burned.
        let now = self.p.chain.now();
        self.p.chain.set_time(now.max(override_at));
        let supply_before = nuts.total_supply(&mut self.p.chain);
        let reply = manager.deactivate(&mut self.p.chain, fsp);
        self.step("The FSP deactivates the instrument after its override time: the NUTS deposit is burned", "InstrumentManager::deactivate", reply)?;
        let burned = supply_before - nuts.total_supply(&mut self.p.chain);

        let final_balances = self.balances();
        self.summary(burned);
        Ok(DemoReport {
            steps: self.steps.clone(),
            final_balances,
            burned,
        })
    }

    fn create(
        &mut self,
        manager: Manager,
        maker: AccountId,
        loan: LendingParams,
    ) -> Result<IssuanceId, DemoError> {
        let limit = SpendingLimit::of(loan.lending_asset, loan.principal);
        let reply = manager.create_issuance(&mut self.p.chain, maker, loan, limit);
        let id = self.step(
            "The maker offers 10000 USD for 30 days at 0.1%/day against 150% GOLD collateral (spending limit 10000 USD)",
            "InstrumentManager::create_issuance",
            reply,
        )?;
        self.show_issuance(manager, id);
        Ok(id)
    }

    fn engage(
        &mut self,
        manager: Manager,
        taker: AccountId,
        id: IssuanceId,
    ) -> Result<(), DemoError> {
        let gold = self.tokens[1].asset();
        let limit = SpendingLimit::of(gold, COLLATERAL);
        let reply = manager.engage_issuance(&mut self.p.chain, taker, id, (), limit);
        self.step(
            &format!("The taker engages issuance {id} (spending limit {COLLATERAL} GOLD): posts {COLLATERAL} GOLD, receives {PRINCIPAL} USD"),
            "InstrumentManager::engage_issuance",
            reply,
        )?;
        self.show_issuance(manager, id);
        Ok(())
    }

    /// Records a call: on success prints it with its events, balances and cost; on a typed error
    /// (or a failed call) stops the story with that reason.
    fn step<T: Debug, E: Debug>(
        &mut self,
        title: &str,
        call: &str,
        reply: Reply<T, E>,
    ) -> Result<T, DemoError> {
        let fail = |reason: String| DemoError {
            step: title.to_string(),
            call: call.to_string(),
            reason,
        };
        let value = match reply {
            Ok(Ok(value)) => value,
            Ok(Err(error)) => return Err(fail(format!("{error:?}"))),
            Err(error) => return Err(fail(format!("{error:?}"))),
        };
        let cost = self.p.chain.last_cost();
        for event in self.p.chain.events().to_vec() {
            if let Some(created) = event.decode::<IssuanceCreated>() {
                self.p.chain.label(
                    created.escrow,
                    &format!("issuance escrow {}", created.issuance_id),
                );
            }
        }
        let events: Vec<String> = self
            .p
            .chain
            .events()
            .to_vec()
            .iter()
            .filter_map(|e| self.describe(e))
            .collect();
        let balances = self.balances();
        let index = self.steps.len() + 1;
        self.steps.push(StepRecord {
            title: title.to_string(),
            call: call.to_string(),
            cost,
        });
        if self.json {
            let line = serde_json::json!({
                "step": index,
                "title": title,
                "call": call,
                "result": format!("{value:?}"),
                "ref_time": cost.ref_time,
                "proof_size": cost.proof_size,
                "storage_deposit": cost.storage_deposit,
                "events": events,
                "balances": balances.iter().map(|(party, asset, amount)| serde_json::json!({"party": party, "asset": asset, "amount": amount})).collect::<Vec<_>>(),
            });
            let _ = writeln!(self.out, "{line}");
        } else {
            let _ = writeln!(self.out, "\n[{index}] {title}");
            let _ = writeln!(self.out, "    call     {call} -> Ok({value:?})");
            for event in &events {
                let _ = writeln!(self.out, "    event    {event}");
            }
            if !balances.is_empty() {
                let shown: Vec<String> = balances
                    .iter()
                    .map(|(party, asset, amount)| format!("{party} {amount} {asset}"))
                    .collect();
                let _ = writeln!(self.out, "    escrow   {}", shown.join(" | "));
            }
            let _ = writeln!(
                self.out,
                "    weight   ref_time {} | proof_size {} | storage deposit {}",
                cost.ref_time, cost.proof_size, cost.storage_deposit
            );
        }
        Ok(value)
    }

    fn say(&mut self, text: &str) {
        if self.json {
            let _ = writeln!(self.out, "{}", serde_json::json!({ "note": text }));
        } else {
            let _ = writeln!(self.out, "\n{text}");
        }
    }

    fn show_issuance(&mut self, manager: Manager, id: IssuanceId) {
        let record = manager
            .issuance(&mut self.p.chain, id)
            .expect("issuance exists");
        self.p
            .chain
            .label(record.escrow, &format!("issuance escrow {id}"));
        let engagement = manager
            .engagement(&mut self.p.chain, id, 1)
            .map(|e| format!(", engagement 1 {:?}", e.state))
            .unwrap_or_default();
        let escrow = Escrow(record.escrow);
        let mut locked = Vec::new();
        for party in self.parties.clone() {
            for token in self.tokens.clone() {
                let amount = escrow.balance_of(&mut self.p.chain, party, token.asset());
                if amount > 0 {
                    locked.push(format!(
                        "{} {amount} {}",
                        self.name(party),
                        self.name(token.0)
                    ));
                }
            }
        }
        let locked = if locked.is_empty() {
            "empty".to_string()
        } else {
            locked.join(" | ")
        };
        self.say(&format!(
            "    issuance {id}: {:?} ({}%){engagement}; issuance escrow: {locked}",
            record.state,
            record.completion_ratio.basis_points() / 100
        ));
    }

    /// Non-zero instrument-escrow balances of the parties.
    fn balances(&mut self) -> Vec<(String, String, Balance)> {
        let Some(escrow) = self.escrow else {
            return Vec::new();
        };
        let mut balances = Vec::new();
        for party in self.parties.clone() {
            for token in self.tokens.clone() {
                let amount = escrow.balance_of(&mut self.p.chain, party, token.asset());
                if amount > 0 {
                    balances.push((self.name(party), self.name(token.0), amount));
                }
            }
        }
        balances
    }

    fn summary(&mut self, burned: Balance) {
        if self.json {
            let _ = writeln!(
                self.out,
                "{}",
                serde_json::json!({ "summary": { "steps": self.steps.len(), "nuts_burned": burned } })
            );
            return;
        }
        let _ = writeln!(
            self.out,
            "\nSummary ({} calls, {burned} NUTS burned)",
            self.steps.len()
        );
        let _ = writeln!(
            self.out,
            "  {:<4} {:<48} {:>14} {:>11} {:>9}",
            "#", "call", "ref_time", "proof_size", "deposit"
        );
        for (index, step) in self.steps.iter().enumerate() {
            let _ = writeln!(
                self.out,
                "  {:<4} {:<48} {:>14} {:>11} {:>9}",
                index + 1,
                step.call,
                step.cost.ref_time,
                step.cost.proof_size,
                step.cost.storage_deposit
            );
        }
    }

    fn name(&self, account: AccountId) -> String {
        self.p.chain.name_of(account)
    }

    fn asset(&self, asset: Asset) -> String {
        match asset {
            Asset::Native => "native".to_string(),
            Asset::Token(token) => self.name(token),
        }
    }

    fn day(&self, time: Timestamp) -> String {
        format!(
            "{:.1}",
            time.saturating_sub(GENESIS_TIME) as f64 / DAY_MS as f64
        )
    }

    /// A platform event in words; other events (PSP22 transfers, approvals) are left out.
    fn describe(&self, event: &ContractEvent) -> Option<String> {
        fn decode<E: ink::env::Event + Decode>(event: &ContractEvent) -> Option<E> {
            event.decode::<E>()
        }
        if let Some(e) = decode::<InstrumentActivated>(event) {
            return Some(format!(
                "InstrumentActivated id {} ({:?}) by {}",
                e.instrument_id,
                e.version,
                self.name(e.fsp)
            ));
        }
        if let Some(e) = decode::<InstrumentDeactivated>(event) {
            return Some(format!(
                "InstrumentDeactivated id {} by {}, {} NUTS burned",
                e.instrument_id,
                self.name(e.by),
                e.burned
            ));
        }
        if let Some(e) = decode::<IssuanceCreated>(event) {
            return Some(format!(
                "IssuanceCreated {} by {}",
                e.issuance_id,
                self.name(e.maker)
            ));
        }
        if let Some(e) = decode::<IssuanceUpdated>(event) {
            return Some(format!(
                "IssuanceUpdated {} -> {:?} ({})",
                e.issuance_id,
                e.state,
                e.completion_ratio.basis_points()
            ));
        }
        if let Some(e) = decode::<EngagementCreated>(event) {
            return Some(format!(
                "EngagementCreated {}/{} by {}",
                e.issuance_id,
                e.engagement_id,
                self.name(e.taker)
            ));
        }
        if let Some(e) = decode::<EngagementUpdated>(event) {
            return Some(format!(
                "EngagementUpdated {}/{} -> {:?}",
                e.issuance_id, e.engagement_id, e.state
            ));
        }
        if let Some(e) = decode::<AssetTransferred>(event) {
            return Some(format!(
                "AssetTransferred {:?} {} -> {}: {} {}",
                e.kind,
                self.name(e.from),
                self.name(e.to),
                e.amount,
                self.asset(e.asset)
            ));
        }
        if let Some(e) = decode::<EventScheduled>(event) {
            return Some(format!(
                "EventScheduled {:?} of issuance {} at day {}",
                e.key.name,
                e.issuance_id,
                self.day(e.due)
            ));
        }
        if let Some(e) = decode::<EventUnscheduled>(event) {
            return Some(format!(
                "EventUnscheduled {:?} of issuance {}",
                e.key.name, e.issuance_id
            ));
        }
        if let Some(e) = decode::<EventProcessed>(event) {
            return Some(format!(
                "EventProcessed {:?} of issuance {} by {}",
                e.name,
                e.issuance_id,
                self.name(e.by)
            ));
        }
        if let Some(e) = decode::<Deposited>(event) {
            return Some(format!(
                "Deposited {} {} for {} in {}",
                e.amount,
                self.asset(e.asset),
                self.name(e.account),
                self.name(event.contract)
            ));
        }
        if let Some(e) = decode::<Withdrawn>(event) {
            return Some(format!(
                "Withdrawn {} {} of {} from {}",
                e.amount,
                self.asset(e.asset),
                self.name(e.account),
                self.name(event.contract)
            ));
        }
        if let Some(e) = decode::<Moved>(event) {
            return Some(format!(
                "Moved {} {} {} -> {} in {}",
                e.amount,
                self.asset(e.asset),
                self.name(e.from),
                self.name(e.to),
                self.name(event.contract)
            ));
        }
        None
    }
}
