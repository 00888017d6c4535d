//! The demo story: the whole platform on an in-process chain, told step by step with states,
//! escrow balances, events and the weight of every call (`nuts demo`). Its end state is checked by
//! a test, so the story cannot silently rot. What the story says is written out as text or JSON
//! lines by [`render`].

use std::{fmt::Debug, io::Write};

use ink::scale::Encode;
use lending_logic::{ENGAGEMENT_DUE, REPAY};
use offer_logic::{CANCEL, ISSUANCE_DUE};
use swap_logic::{MultiSwapParams, SwapParams};
use traits::{
    events::{Deposited, IssuanceCreated, Withdrawn},
    AccountId, Asset, Balance, IssuanceId, ManagerVersion, Name, SpendingLimit, Timestamp, DAY_MS,
};

mod render;

use render::{Line, Narrator};

use client::{
    clients::{Escrow, InstrumentClient, Manager, Reply, Token},
    platform::{example_loan, Platform, COLLATERAL, INTEREST, PRINCIPAL},
    Cost,
};

/// NUTS an FSP deposits to activate an instrument in the demo.
pub const DEMO_DEPOSIT: Balance = 5_000;

/// Which instrument's story to tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoInstrument {
    /// A loan repaid and a loan defaulted (on any version).
    Lending,
    /// A borrowing request repaid and one that expires (v1).
    Borrowing,
    /// A spot swap taken and one cancelled (v1).
    Swap,
    /// A multi-swap taken in part by two takers, then due (v2).
    MultiSwap,
}

impl DemoInstrument {
    /// Every story, in the order `nuts demo --instrument all` tells them.
    pub const ALL: [DemoInstrument; 4] = [
        DemoInstrument::Lending,
        DemoInstrument::Borrowing,
        DemoInstrument::Swap,
        DemoInstrument::MultiSwap,
    ];

    /// The versions this instrument ships on.
    pub fn versions(self) -> &'static [ManagerVersion] {
        match self {
            DemoInstrument::Lending => {
                &[ManagerVersion::V1, ManagerVersion::V2, ManagerVersion::V3]
            }
            DemoInstrument::Borrowing | DemoInstrument::Swap => &[ManagerVersion::V1],
            DemoInstrument::MultiSwap => &[ManagerVersion::V2],
        }
    }

    /// Its name in words.
    pub fn name(self) -> &'static str {
        match self {
            DemoInstrument::Lending => "lending",
            DemoInstrument::Borrowing => "borrowing",
            DemoInstrument::Swap => "spot swap",
            DemoInstrument::MultiSwap => "multi-swap",
        }
    }
}

/// How to tell the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// The instrument whose story is told.
    pub instrument: DemoInstrument,
    /// The manager version it is activated on (one of `instrument.versions()`).
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
    /// Token moves a bare transfer would also make (see [`client::events::token_moves`]).
    pub token_moves: u32,
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

/// Who acts in a story.
#[derive(Clone, Copy)]
struct People {
    maker: AccountId,
    taker: AccountId,
    keeper: AccountId,
    usd: Token,
    gold: Token,
}

struct Story<'a> {
    p: Platform,
    narrator: Box<dyn Narrator + 'a>,
    instrument: DemoInstrument,
    version: ManagerVersion,
    steps: Vec<StepRecord>,
    parties: Vec<AccountId>,
    tokens: Vec<Token>,
    escrow: Option<Escrow>,
    /// Block time when the story starts: days are counted from here.
    start: Timestamp,
}

/// Runs the story on a fresh in-process chain, writing it to `out`. Fails without running
/// anything if the instrument does not ship on the version asked for.
#[cfg(feature = "sandbox")]
pub fn run(options: DemoOptions, out: &mut dyn Write) -> Result<DemoReport, DemoError> {
    run_on(|| Platform::new(DEMO_DEPOSIT), options, out)
}

/// Runs the story on the platform `platform` sets up (with an instrument deposit of
/// [`DEMO_DEPOSIT`]; on a live node, say), writing it to `out`; days count from the time it
/// starts. Fails without running anything if the instrument does not ship on the version asked
/// for.
pub fn run_on(
    platform: impl FnOnce() -> Platform,
    options: DemoOptions,
    out: &mut dyn Write,
) -> Result<DemoReport, DemoError> {
    if !options.instrument.versions().contains(&options.version) {
        return Err(DemoError {
            step: "choose the instrument".to_string(),
            call: "nuts demo".to_string(),
            reason: format!(
                "{} ships on {:?}, not {:?}",
                options.instrument.name(),
                options.instrument.versions(),
                options.version
            ),
        });
    }
    let mut p = platform();
    let start = p.chain.now();
    let mut story = Story {
        p,
        instrument: options.instrument,
        version: options.version,
        narrator: render::narrator(options.json, out),
        steps: Vec::new(),
        parties: Vec::new(),
        tokens: Vec::new(),
        escrow: None,
        start,
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

        // The FSP deploys its instrument and activates it.
        let (version, kind) = (self.version, self.instrument);
        let chain = &mut self.p.chain;
        let instrument = match kind {
            DemoInstrument::Lending => {
                InstrumentClient::deploy_lending(chain, fsp, oracle, version, b"demo")
            }
            DemoInstrument::Borrowing => {
                InstrumentClient::deploy_borrowing(chain, fsp, oracle, b"demo")
            }
            DemoInstrument::Swap => InstrumentClient::deploy_spot_swap(chain, fsp, b"demo"),
            DemoInstrument::MultiSwap => InstrumentClient::deploy_multi_swap(chain, fsp, b"demo"),
        };
        self.p
            .chain
            .label(instrument.0, &format!("{} instrument", kind.name()));
        self.p.give_nuts(fsp, DEMO_DEPOSIT);
        let reply = nuts.approve(&mut self.p.chain, fsp, self.p.registry.0, DEMO_DEPOSIT);
        self.step(
            "The FSP approves the registry for the NUTS deposit",
            "PSP22::approve",
            reply,
        )?;
        let override_at = self.start + 60 * DAY_MS;
        let termination = self.start + 365 * DAY_MS;
        let reply = self.p.registry.activate_instrument(
            &mut self.p.chain,
            fsp,
            version,
            instrument.0,
            termination,
            override_at,
        );
        let instrument_id = self.step(
            &format!(
                "The FSP activates its {} instrument on manager {version:?}",
                kind.name()
            ),
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

        let people = People {
            maker,
            taker,
            keeper,
            usd,
            gold,
        };
        match kind {
            DemoInstrument::Lending => self.lending(manager, people)?,
            DemoInstrument::Borrowing => self.borrowing(manager, people)?,
            DemoInstrument::Swap => self.swap(manager, people)?,
            DemoInstrument::MultiSwap => self.multi_swap(manager, people)?,
        }

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

    /// Makers and takers bring their assets into the domain.
    fn deposit_all(&mut self, deposits: &[(AccountId, Token, Balance)]) -> Result<(), DemoError> {
        let escrow = self.escrow.expect("activated");
        for &(who, token, amount) in deposits {
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
        Ok(())
    }

    /// `maker` creates an issuance from `params`, letting `limit` leave its account.
    fn create(
        &mut self,
        manager: Manager,
        maker: AccountId,
        title: &str,
        params: impl Encode,
        limit: SpendingLimit,
    ) -> Result<IssuanceId, DemoError> {
        let title = format!("{title} (spending limit {})", self.limit(&limit));
        let reply = manager.create_issuance(&mut self.p.chain, maker, params, limit);
        let id = self.step(&title, "InstrumentManager::create_issuance", reply)?;
        self.show_issuance(manager, id);
        Ok(id)
    }

    /// `taker` engages issuance `id` with `params`, letting `limit` leave its account.
    fn engage(
        &mut self,
        manager: Manager,
        taker: AccountId,
        id: IssuanceId,
        title: &str,
        params: impl Encode,
        limit: SpendingLimit,
    ) -> Result<(), DemoError> {
        let title = format!(
            "{} engages issuance {id} (spending limit {}): {title}",
            self.name(taker),
            self.limit(&limit)
        );
        let reply = manager.engage_issuance(&mut self.p.chain, taker, id, params, limit);
        self.step(&title, "InstrumentManager::engage_issuance", reply)?;
        self.show_issuance(manager, id);
        Ok(())
    }

    /// `caller` fires custom event `name` of issuance `id` (engagement 1 when `engaged`).
    fn custom(
        &mut self,
        manager: Manager,
        (caller, id, engaged): (AccountId, IssuanceId, bool),
        (name, payload): (Name, impl Encode),
        limit: SpendingLimit,
        title: &str,
    ) -> Result<(), DemoError> {
        let engagement = engaged.then_some(1);
        let reply = manager.process_custom_event(
            &mut self.p.chain,
            caller,
            id,
            engagement,
            name,
            payload,
            limit,
        );
        let call = format!("InstrumentManager::process_custom_event({name:?})");
        self.step(title, &call, reply)?;
        self.show_issuance(manager, id);
        Ok(())
    }

    /// The keeper fires `name` of issuance `id` when due: first too early (refused, shown),
    /// then at its due time.
    fn fire_when_due(
        &mut self,
        manager: Manager,
        keeper: AccountId,
        (id, engagement, name): (IssuanceId, Option<u64>, Name),
        title: &str,
    ) -> Result<(), DemoError> {
        let chain = &mut self.p.chain;
        let due = manager
            .scheduled_event(chain, id, engagement, name)
            .expect("the event is scheduled");
        let early = manager.process_scheduled_event(chain, keeper, id, engagement, name);
        self.say(&format!(
            "The keeper tries {name:?} early: {early:?} (refused, nothing changes)"
        ));
        self.p.chain.set_time(due);
        self.say(&format!(
            "... time reaches its due time (day {}) ...",
            self.day(due)
        ));
        let reply =
            manager.process_scheduled_event(&mut self.p.chain, keeper, id, engagement, name);
        self.step(title, "InstrumentManager::process_scheduled_event", reply)?;
        self.show_issuance(manager, id);
        Ok(())
    }

    /// Lending: a loan engaged and repaid, a loan engaged and defaulted.
    fn lending(&mut self, manager: Manager, who: People) -> Result<(), DemoError> {
        let (maker, taker, usd, gold) = (who.maker, who.taker, who.usd, who.gold);
        self.deposit_all(&[
            (maker, usd, 50_000),
            (taker, gold, 20_000),
            (taker, usd, 1_000),
        ])?;
        let loan = example_loan(usd.asset(), gold.asset());
        let offer =
            "The maker offers 10000 USD for 30 days at 0.1%/day against 150% GOLD collateral";
        let terms = format!("posts {COLLATERAL} GOLD, receives {PRINCIPAL} USD");
        let collateral = SpendingLimit::of(gold.asset(), COLLATERAL);
        let principal = SpendingLimit::of(usd.asset(), PRINCIPAL);

        // Loan 1: engaged, then repaid.
        let first = self.create(manager, maker, offer, loan, principal.clone())?;
        self.engage(manager, taker, first, &terms, (), collateral.clone())?;
        self.p.chain.advance_time(20 * DAY_MS);
        self.say("... 20 days pass ...");
        let owed = PRINCIPAL + INTEREST;
        self.custom(
            manager,
            (taker, first, true),
            (REPAY, owed),
            SpendingLimit::of(usd.asset(), owed),
            "The taker repays 10300 USD (spending limit 10300 USD): the maker is paid, the collateral comes back",
        )?;
        self.close(manager, (maker, taker), first)?;

        // Loan 2: engaged, never repaid: the keeper fires the default.
        let second = self.create(manager, maker, offer, loan, principal)?;
        self.engage(manager, taker, second, &terms, (), collateral)?;
        self.fire_when_due(
            manager,
            who.keeper,
            (second, Some(1), ENGAGEMENT_DUE),
            "The keeper fires engagement_due: the unpaid loan's collateral goes to the maker",
        )?;
        self.close(manager, (maker, taker), second)
    }

    /// The maker closes a settled issuance, then the taker its engagement: the storage deposits
    /// their calls paid come back (a negative storage deposit is a refund).
    fn close(
        &mut self,
        manager: Manager,
        (maker, taker): (AccountId, AccountId),
        id: IssuanceId,
    ) -> Result<(), DemoError> {
        let reply = manager.close_issuance(&mut self.p.chain, maker, id);
        let title = format!("The maker closes issuance {id}: its escrow and data are freed, and the storage deposits its offer paid come back");
        self.step(&title, "InstrumentManager::close_issuance", reply)?;
        let reply = manager.close_engagement(&mut self.p.chain, taker, id, 1);
        let title = "The taker closes its engagement: the deposit for its record comes back";
        self.step(title, "InstrumentManager::close_engagement", reply)
    }

    /// Borrowing: a request lent to and repaid, a request nobody takes that expires.
    fn borrowing(&mut self, manager: Manager, who: People) -> Result<(), DemoError> {
        let (maker, taker, usd, gold) = (who.maker, who.taker, who.usd, who.gold);
        self.deposit_all(&[
            (maker, gold, 20_000),
            (maker, usd, 1_000),
            (taker, usd, 50_000),
        ])?;
        let loan = example_loan(usd.asset(), gold.asset());
        let request = "The maker asks to borrow 10000 USD for 30 days at 0.1%/day, posting 150% GOLD collateral now";
        let collateral = SpendingLimit::of(gold.asset(), COLLATERAL);

        let first = self.create(manager, maker, request, loan, collateral.clone())?;
        let lends = format!("lends {PRINCIPAL} USD, paid straight to the maker");
        let principal = SpendingLimit::of(usd.asset(), PRINCIPAL);
        self.engage(manager, taker, first, &lends, (), principal)?;
        self.p.chain.advance_time(20 * DAY_MS);
        self.say("... 20 days pass ...");
        let owed = PRINCIPAL + INTEREST;
        self.custom(
            manager,
            (maker, first, true),
            (REPAY, owed),
            SpendingLimit::of(usd.asset(), owed),
            "The maker repays 10300 USD (spending limit 10300 USD): the lender is paid, the collateral comes back",
        )?;

        let second = self.create(manager, maker, request, loan, collateral)?;
        self.fire_when_due(
            manager,
            who.keeper,
            (second, None, ISSUANCE_DUE),
            "The keeper fires issuance_due: nobody lent, the collateral goes back to the maker",
        )
    }

    /// Spot swap: an offer swapped at once, an offer cancelled.
    fn swap(&mut self, manager: Manager, who: People) -> Result<(), DemoError> {
        let (maker, taker, usd, gold) = (who.maker, who.taker, who.usd, who.gold);
        self.deposit_all(&[(maker, gold, 20_000), (taker, usd, 20_000)])?;
        let offer = SwapParams {
            input_asset: gold.asset(),
            input_amount: 5_000,
            output_asset: usd.asset(),
            output_amount: 10_000,
            issuance_duration_days: 7,
        };
        let title = "The maker offers 5000 GOLD for 10000 USD for 7 days";
        let input = SpendingLimit::of(gold.asset(), 5_000);
        let first = self.create(manager, maker, title, offer, input.clone())?;
        let output = SpendingLimit::of(usd.asset(), 10_000);
        let swaps = "pays 10000 USD to the maker and receives 5000 GOLD, in one call";
        self.engage(manager, taker, first, swaps, (), output)?;
        let second = self.create(manager, maker, title, offer, input)?;
        self.custom(
            manager,
            (maker, second, false),
            (CANCEL, ()),
            SpendingLimit::none(),
            "The maker cancels the second offer before anyone takes it: the GOLD comes back",
        )
    }

    /// Multi-swap: two takers each swap a part, then the offer is due.
    fn multi_swap(&mut self, manager: Manager, who: People) -> Result<(), DemoError> {
        let (maker, taker, usd, gold) = (who.maker, who.taker, who.usd, who.gold);
        let second_taker = self.p.chain.account("taker 2");
        self.parties.push(second_taker);
        self.deposit_all(&[
            (maker, gold, 20_000),
            (taker, usd, 1_000),
            (second_taker, usd, 1_000),
        ])?;
        let offer = MultiSwapParams {
            swap: SwapParams {
                input_asset: gold.asset(),
                input_amount: 1_000,
                output_asset: usd.asset(),
                output_amount: 700,
                issuance_duration_days: 7,
            },
            min_output: 50,
            max_output: 300,
        };
        let title = "The maker offers 1000 GOLD for 700 USD, 50 to 300 USD per taker, for 7 days";
        let id = self.create(
            manager,
            maker,
            title,
            offer,
            SpendingLimit::of(gold.asset(), 1_000),
        )?;
        for (buyer, pays) in [(taker, 300u128), (second_taker, 100)] {
            let receives = pays * 1_000 / 700;
            let what = format!("pays {pays} USD, receives {receives} GOLD (rounded down)");
            let limit = SpendingLimit::of(usd.asset(), pays);
            self.engage(manager, buyer, id, &what, pays, limit)?;
        }
        self.fire_when_due(
            manager,
            who.keeper,
            (id, None, ISSUANCE_DUE),
            "The keeper fires issuance_due: the offer completes at the ratio reached, the rest of the GOLD goes back",
        )
    }

    /// A spending limit in words.
    fn limit(&self, limit: &SpendingLimit) -> String {
        let parts: Vec<String> = limit
            .0
            .iter()
            .map(|(asset, amount)| format!("{amount} {}", self.asset(*asset)))
            .collect();
        if parts.is_empty() {
            "nothing".to_string()
        } else {
            parts.join(", ")
        }
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
            .filter_map(|e| crate::words::describe(self, e))
            .collect();
        let balances = self.balances();
        let index = self.steps.len() + 1;
        // A user's own deposit or withdrawal moves its asset once, besides any Outcome move.
        let emitted = self.p.chain.events();
        let portal = call.starts_with("InstrumentEscrow::").then(|| {
            let deposited = emitted.iter().filter_map(|e| e.decode::<Deposited>());
            let withdrawn = emitted.iter().filter_map(|e| e.decode::<Withdrawn>());
            let assets = deposited.map(|d| d.asset).chain(withdrawn.map(|w| w.asset));
            assets.last()
        });
        let token_moves = client::events::token_moves(emitted, portal.flatten());
        self.steps.push(StepRecord {
            title: title.to_string(),
            call: call.to_string(),
            cost,
            token_moves,
        });
        self.narrator.write(Line::Step {
            index,
            step: &self.steps[index - 1],
            result: &format!("{value:?}"),
            events: &events,
            balances: &balances,
        });
        Ok(value)
    }

    fn say(&mut self, text: &str) {
        self.narrator.write(Line::Note(text));
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
        self.narrator.write(Line::Summary {
            steps: &self.steps,
            burned,
        });
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
            time.saturating_sub(self.start) as f64 / DAY_MS as f64
        )
    }
}

impl crate::words::Names for Story<'_> {
    fn name(&self, account: AccountId) -> String {
        self.name(account)
    }

    fn amount(&self, asset: Asset, amount: Balance) -> String {
        format!("{amount} {}", self.asset(asset))
    }

    fn time(&self, time: Timestamp) -> String {
        format!("day {}", self.day(time))
    }

    fn nuts(&self, amount: Balance) -> String {
        format!("{amount} NUTS")
    }
}
