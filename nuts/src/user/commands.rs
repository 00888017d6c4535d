//! The commands themselves, one method each on [`Session`]. Each says what it does in words
//! and returns the same for programs (`--json`).

use amounts::{format_scaled, parse_basis_points, parse_daily_rate, parse_days};
use client::clients::{Escrow, InstrumentClient, Manager, Storage, Token};
use ink::codegen::TraitCallBuilder;
use ink::scale::{Decode, Encode};
use lending_logic::{LendingParams, Loan, LoanKind, DATA_LOAN, ENGAGEMENT_DUE, REPAY};
use offer_logic::{CANCEL, ISSUANCE_DUE};
use serde_json::{json, Value};
use swap_logic::{MultiSwapParams, Swap, SwapParams, DATA_SWAP};
use traits::InstrumentManager as _;
use traits::{
    Asset, Balance, EngagementId, Fee, InstrumentId, IssuanceId, IssuanceRecord, IssuanceState,
    ManagerError, ManagerVersion, DAY_MS,
};

use super::{Session, UserError};
use crate::args::{Instrument, Version};
use crate::deploy::{instrument_constructor, InstrumentKind};
use crate::words::Names;

/// What an issuance is, as far as this tool can tell from its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A loan whose maker lends.
    Lending,
    /// A loan whose maker borrows.
    Borrowing,
    /// A swap taken whole by one taker.
    SpotSwap,
    /// A swap taken in parts by several takers.
    MultiSwap,
}

impl Kind {
    pub(super) fn word(self) -> &'static str {
        match self {
            Kind::Lending => "lending",
            Kind::Borrowing => "borrowing",
            Kind::SpotSwap => "spot swap",
            Kind::MultiSwap => "multi-swap",
        }
    }
}

/// An issuance's terms, decoded from its data (`custom_data("loan")` or `("swap")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terms {
    /// A loan (lending or borrowing).
    Loan(Loan),
    /// A swap (spot or multi).
    Swap(Swap),
}

impl Terms {
    pub(super) fn kind(&self) -> Kind {
        match self {
            Terms::Loan(loan) if loan.kind == LoanKind::Lending => Kind::Lending,
            Terms::Loan(_) => Kind::Borrowing,
            Terms::Swap(swap) if swap.min_output == swap.params.output_amount => Kind::SpotSwap,
            Terms::Swap(_) => Kind::MultiSwap,
        }
    }

    /// When the offer stops taking takers.
    fn issuance_due(&self) -> u64 {
        match self {
            Terms::Loan(loan) => loan.issuance_due,
            Terms::Swap(swap) => swap.issuance_due,
        }
    }
}

/// The admin role changing hands (`nuts config --transfer-admin` / `--accept-admin`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminChange {
    /// The admin proposes this account.
    Propose(String),
    /// The proposed account accepts.
    Accept,
}

/// What the FSP does with its instrument domain (`nuts fsp ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fsp {
    /// Turns the maker (`taker: false`) or taker whitelist on or off.
    Whitelist {
        /// The taker whitelist, else the maker's.
        taker: bool,
        /// On or off.
        enabled: bool,
    },
    /// Allows or disallows one account on a whitelist.
    Allow {
        /// The taker whitelist, else the maker's.
        taker: bool,
        /// The account.
        account: String,
        /// Allowed or not.
        allowed: bool,
    },
    /// Sets the maker and taker fees (`None`: no fee), typed as token amounts.
    Fees {
        /// Charged to a maker at create.
        maker: Option<String>,
        /// Charged to each taker at engage.
        taker: Option<String>,
    },
    /// Sets the instrument-escrow account fees go to.
    FeeRecipient(String),
    /// Deactivates the domain: no new issuance; the NUTS deposit is burned.
    Deactivate,
}

impl Session {
    /// The terms of issuance `issuance` of `manager`'s domain, if this tool knows its kind.
    pub(super) fn terms(&mut self, manager: Manager, issuance: IssuanceId) -> Option<Terms> {
        let chain = &mut self.chain;
        if let Ok(bytes) = manager.custom_bytes(chain, issuance, DATA_LOAN) {
            return lending_logic::decode_loan(&bytes).ok().map(Terms::Loan);
        }
        let bytes = manager.custom_bytes(chain, issuance, DATA_SWAP).ok()?;
        Swap::decode(&mut &bytes[..]).ok().map(Terms::Swap)
    }

    fn record(
        &mut self,
        domain: InstrumentId,
        issuance: IssuanceId,
    ) -> Result<(Manager, IssuanceRecord), UserError> {
        let manager = self.manager(domain)?;
        let record = manager
            .issuance(&mut self.chain, issuance)
            .ok_or(UserError::NoSuchIssuance { domain, issuance })?;
        let name = format!("issuance {issuance}'s escrow");
        self.chain.label(record.escrow, &name);
        Ok((manager, record))
    }

    fn loan(
        &mut self,
        domain: InstrumentId,
        issuance: IssuanceId,
    ) -> Result<(Manager, IssuanceRecord, Loan), UserError> {
        let (manager, record) = self.record(domain, issuance)?;
        match self.terms(manager, issuance) {
            Some(Terms::Loan(loan)) => Ok((manager, record, loan)),
            _ => Err(UserError::WrongInstrument { needs: "loan" }),
        }
    }

    /// A loan's collateral: what was posted, or before that what the oracle's price asks
    /// today (`None` without a price).
    fn collateral_of(&mut self, loan: &Loan) -> Option<Balance> {
        let p = loan.params;
        match loan.collateral {
            0 => self
                .oracle
                .rate(&mut self.chain, p.lending_asset, p.collateral_asset)
                .ok()
                .and_then(|rate| lending_logic::collateral(&p, rate).ok()),
            posted => Some(posted),
        }
    }

    /// A loan's terms in words; collateral at today's oracle price when not yet posted.
    fn loan_words(&mut self, loan: &Loan) -> String {
        let p = loan.params;
        let collateral = match (loan.collateral, self.collateral_of(loan)) {
            (0, None) => "no oracle price".into(),
            (0, Some(priced)) => format!(
                "{} at today's price",
                self.amount(p.collateral_asset, priced)
            ),
            (posted, _) => format!("{} posted", self.amount(p.collateral_asset, posted)),
        };
        let interest = lending_logic::interest(&p).unwrap_or_default();
        format!(
            "{} for {} days at {}%/day (interest {}), collateral {}% in {} ({collateral})",
            self.amount(p.lending_asset, p.principal),
            p.tenor_days,
            format_scaled(p.interest_rate.into(), 4),
            self.amount(p.lending_asset, interest),
            format_scaled(p.collateral_ratio.into(), 2),
            self.asset_name(p.collateral_asset),
        )
    }

    fn swap_words(&self, swap: &Swap) -> String {
        let p = swap.params;
        let mut words = format!(
            "gives {} for {}",
            self.amount(p.input_asset, p.input_amount),
            self.amount(p.output_asset, p.output_amount)
        );
        if swap.min_output != p.output_amount {
            words.push_str(&format!(
                "; {} still to take, {} to {} per taker",
                self.amount(p.output_asset, swap.remaining_output()),
                self.amount(p.output_asset, swap.min_output),
                self.amount(p.output_asset, swap.max_output)
            ));
        }
        words
    }

    /// The terms for programs: every amount exact (`units`), rates and ratios as integers.
    pub(super) fn terms_json(&mut self, terms: &Terms) -> Value {
        match terms {
            Terms::Loan(loan) => {
                let p = loan.params;
                let collateral = self.collateral_of(loan);
                let interest = lending_logic::interest(&p).unwrap_or_default();
                let payoff = p.principal.saturating_add(interest);
                json!({
                    "principal": self.amount_json(p.lending_asset, p.principal),
                    "interest": self.amount_json(p.lending_asset, interest),
                    "payoff": self.amount_json(p.lending_asset, payoff),
                    // Simple interest: the daily rate (millionths) times 365, as a percentage.
                    "apr_percent": format_scaled(u128::from(p.interest_rate) * 365, 4),
                    "collateral": collateral.map(|c| self.amount_json(p.collateral_asset, c)),
                    "collateral_posted": loan.collateral > 0,
                    "collateral_ratio_basis_points": p.collateral_ratio,
                    "interest_millionths_per_day": p.interest_rate,
                    "tenor_days": p.tenor_days,
                })
            }
            Terms::Swap(swap) => {
                let p = swap.params;
                json!({
                    "gives": self.amount_json(p.input_asset, p.input_amount),
                    "asks": self.amount_json(p.output_asset, p.output_amount),
                    "still_to_take": self.amount_json(p.output_asset, swap.remaining_output()),
                    "min_per_taker": self.amount_json(p.output_asset, swap.min_output),
                    "max_per_taker": self.amount_json(p.output_asset, swap.max_output),
                })
            }
        }
    }

    pub(super) fn terms_words(&mut self, terms: &Terms) -> String {
        match terms {
            Terms::Loan(loan) => self.loan_words(loan),
            Terms::Swap(swap) => self.swap_words(swap),
        }
    }

    fn time_left(&mut self, due: u64) -> String {
        let now = self.chain.now();
        match due.checked_sub(now) {
            None | Some(0) => "expired".into(),
            Some(left) => format!("{}d {}h left", left / DAY_MS, left % DAY_MS / (DAY_MS / 24)),
        }
    }

    /// The manager interface an issuance was made on: v1 keeps the data in the manager, v2 in
    /// an IssuanceStorage, v3 in the instrument's own Issuance instance.
    fn version(&mut self, record: &IssuanceRecord) -> &'static str {
        match record.data_contract {
            None => "v1",
            Some(data) if Storage(data).is_storage(&mut self.chain) => "v2",
            Some(_) => "v3",
        }
    }

    /// `nuts offers`: every open issuance (`Engageable`) of every active domain.
    pub fn offers(&mut self) -> Result<Value, UserError> {
        let count = self.registry.instrument_count(&mut self.chain);
        let mut book = Vec::new();
        let mut lines = Vec::new();
        for domain in 1..=count {
            // A deactivated domain makes no new issuance; its open ones may still be engaged.
            let manager = self.manager(domain)?;
            for issuance in 1..=manager.issuance_count(&mut self.chain) {
                let Some(record) = manager.issuance(&mut self.chain, issuance) else {
                    continue;
                };
                if record.state != IssuanceState::Engageable {
                    continue;
                }
                let Some(terms) = self.terms(manager, issuance) else {
                    continue;
                };
                let due = terms.issuance_due();
                let words = self.terms_words(&terms);
                let left = self.time_left(due);
                let kind = terms.kind();
                let version = self.version(&record);
                let exact = self.terms_json(&terms);
                lines.push(format!(
                    "  domain {domain}, issuance {issuance}: {} ({version}) by {}, {left}\n    \
                     {words}",
                    kind.word(),
                    self.name(record.maker),
                ));
                book.push(json!({
                    "domain": domain,
                    "issuance": issuance,
                    "kind": kind.word(),
                    "version": version,
                    "maker": crate::deploy::ss58(record.maker),
                    "terms": words,
                    "terms_exact": exact,
                    "expires": self.when(due),
                    "expires_ms": due,
                    "completion_basis_points": record.completion_ratio.basis_points(),
                }));
            }
        }
        let plural = if book.len() == 1 { "" } else { "s" };
        self.say(&format!("{} open offer{plural}", book.len()));
        for line in lines {
            self.say(&line);
        }
        Ok(Value::Array(book))
    }

    /// `nuts show DOMAIN ISSUANCE`: the record, engagements, schedules and escrow balances.
    pub fn show(&mut self, domain: InstrumentId, issuance: IssuanceId) -> Result<Value, UserError> {
        let (manager, record) = self.record(domain, issuance)?;
        let terms = self.terms(manager, issuance);
        let words = terms.map(|terms| self.terms_words(&terms));
        let exact = terms.map(|terms| self.terms_json(&terms));
        let kind = terms.map(|terms| terms.kind().word());
        self.say(&format!(
            "issuance {issuance} of domain {domain}: {} by {}, {:?}, {}% complete",
            kind.unwrap_or("an instrument this tool cannot read"),
            self.name(record.maker),
            record.state,
            format_scaled(record.completion_ratio.basis_points().into(), 2),
        ));
        if let Some(words) = &words {
            self.say(&format!("  terms      {words}"));
        }
        let mut schedules = Vec::new();
        if let Some(due) = manager.scheduled_event(&mut self.chain, issuance, None, ISSUANCE_DUE) {
            schedules.push((None, "issuance_due", due));
        }
        let mut engagements = Vec::new();
        let mut parties = vec![record.maker];
        for id in 1..=record.engagement_count {
            let Some(engagement) = manager.engagement(&mut self.chain, issuance, id) else {
                continue;
            };
            self.say(&format!(
                "  engagement {id}: {:?} by {}, since {}",
                engagement.state,
                self.name(engagement.taker),
                self.when(engagement.created_at)
            ));
            if let Some(due) =
                manager.scheduled_event(&mut self.chain, issuance, Some(id), ENGAGEMENT_DUE)
            {
                schedules.push((Some(id), "engagement_due", due));
            }
            if !parties.contains(&engagement.taker) {
                parties.push(engagement.taker);
            }
            engagements.push(json!({
                "engagement": id,
                "taker": crate::deploy::ss58(engagement.taker),
                "state": format!("{:?}", engagement.state),
            }));
        }
        for (engagement, name, due) in &schedules {
            let of = engagement.map_or(String::new(), |id| format!(" of engagement {id}"));
            let left = self.time_left(*due);
            self.say(&format!(
                "  scheduled  {name}{of} at {} ({left})",
                self.when(*due)
            ));
        }
        let escrow = Escrow(record.escrow);
        let mut held = Vec::new();
        for party in parties {
            let holds = self.holdings(escrow, party);
            if !holds.is_empty() {
                self.say(&format!(
                    "  escrow     {}: {}",
                    self.name(party),
                    self.amounts(&holds)
                ));
            }
            held.push(json!({
                "account": crate::deploy::ss58(party),
                "holds": self.amounts_json(&holds),
            }));
        }
        let history = match self.chain.events_since(self.start_block) {
            Ok(events) => {
                let about = |event: &client::ContractEvent| {
                    (event.contract == manager.0
                        && crate::words::issuance_of(event) == Some(issuance))
                        || event.contract == record.escrow
                };
                let said: Vec<String> = events
                    .iter()
                    .filter(|event| about(event))
                    .filter_map(|event| crate::words::describe(self, event))
                    .collect();
                for line in &said {
                    self.say(&format!("  history    {line}"));
                }
                said
            }
            Err(why) => {
                self.say(&format!("  history    not read: {why}"));
                Vec::new()
            }
        };
        Ok(json!({
            "domain": domain,
            "issuance": issuance,
            "kind": kind,
            "history": history,
            "maker": crate::deploy::ss58(record.maker),
            "state": format!("{:?}", record.state),
            "completion_basis_points": record.completion_ratio.basis_points(),
            "terms": words,
            "terms_exact": exact,
            "engagements": engagements,
            "schedules": schedules.iter().map(|(engagement, name, due)| json!({
                "engagement": engagement, "name": name, "due": self.when(*due),
            })).collect::<Vec<_>>(),
            "escrow": held,
        }))
    }

    /// `nuts balances [--account A]`: the wallet (each known token and the native currency),
    /// and each domain's instrument-escrow account, apart.
    pub fn balances(&mut self, account: Option<&str>) -> Result<Value, UserError> {
        let who = match account {
            Some(text) => super::parse_account(text)?,
            None => self.me,
        };
        let tokens: Vec<Token> = self.tokens.iter().map(|(token, _)| *token).collect();
        let wallet: Vec<(Asset, Balance)> = tokens
            .iter()
            .map(|token| (token.asset(), token.balance_of(&mut self.chain, who)))
            .collect();
        let native = self.chain.native_balance(who);
        let (name, address) = (self.name(who), crate::deploy::ss58(who));
        match name == address {
            true => self.say(&address),
            false => self.say(&format!("{name} ({address})")),
        }
        let held: Vec<(Asset, Balance)> = wallet.iter().copied().filter(|h| h.1 > 0).collect();
        self.say(&format!(
            "  wallet          {} (and {native} native units, the smallest)",
            self.amounts(&held)
        ));
        let mut escrows = Vec::new();
        for domain in 1..=self.registry.instrument_count(&mut self.chain) {
            let manager = self.manager(domain)?;
            let escrow = manager.instrument_escrow(&mut self.chain);
            let holds = self.holdings(escrow, who);
            if holds.is_empty() {
                continue;
            }
            self.say(&format!(
                "  domain {domain:<3} escrow {}",
                self.amounts(&holds)
            ));
            escrows.push(json!({ "domain": domain, "holds": self.amounts_json(&holds) }));
        }
        Ok(json!({
            "account": crate::deploy::ss58(who),
            "wallet": self.amounts_json(&wallet),
            "native": native.to_string(),
            "instrument_escrows": escrows,
        }))
    }

    /// The wallet and escrow balances of the caller after a call, said and returned.
    fn after(&mut self, domain: InstrumentId) -> Result<Value, UserError> {
        let manager = self.manager(domain)?;
        let escrow = manager.instrument_escrow(&mut self.chain);
        let tokens: Vec<Token> = self.tokens.iter().map(|(token, _)| *token).collect();
        let wallet: Vec<(Asset, Balance)> = tokens
            .iter()
            .map(|token| (token.asset(), token.balance_of(&mut self.chain, self.me)))
            .filter(|(_, amount)| *amount > 0)
            .collect();
        let holds = self.holdings(escrow, self.me);
        self.say(&format!("  wallet now     {}", self.amounts(&wallet)));
        self.say(&format!(
            "  escrow now     {} (domain {domain})",
            self.amounts(&holds)
        ));
        Ok(json!({
            "wallet": self.amounts_json(&wallet),
            "instrument_escrow": self.amounts_json(&holds),
        }))
    }

    /// `nuts deposit DOMAIN AMOUNT`: approves the domain's instrument escrow for `amount` and
    /// deposits it (two calls, both shown).
    pub fn deposit(&mut self, domain: InstrumentId, amount: &str) -> Result<Value, UserError> {
        let (token, units) = self.wallet_amount("AMOUNT", amount)?;
        let asset = token.asset();
        let manager = self.manager(domain)?;
        let escrow = manager.instrument_escrow(&mut self.chain);
        let words = self.amount(asset, units);
        self.say(&format!(
            "deposit {words} into domain {domain}'s instrument escrow: PSP22::approve, then \
             InstrumentEscrow::deposit"
        ));
        self.ask("send both?")?;
        let approved = token.approve(&mut self.chain, self.me, escrow.0, units)?;
        approved.map_err(|error| UserError::Refused(super::explain_psp22(&error)))?;
        self.say(&format!("  approve  the escrow may take {words}: done"));
        let deposited = escrow.deposit(&mut self.chain, self.me, asset, units, 0)?;
        deposited.map_err(|error| {
            UserError::Partial(format!(
                "the approval was sent, the deposit refused: {}; the escrow may still take \
                 {words} from your wallet (run the deposit again, or approve 0)",
                super::explain_escrow(&error)
            ))
        })?;
        self.say_events();
        let after = self.after(domain)?;
        Ok(json!({ "deposited": self.amount_json(asset, units), "after": after }))
    }

    /// `nuts withdraw DOMAIN AMOUNT`: from the domain's instrument escrow to the wallet.
    pub fn withdraw(&mut self, domain: InstrumentId, amount: &str) -> Result<Value, UserError> {
        let (asset, units) = self.parse_amount("AMOUNT", amount)?;
        let manager = self.manager(domain)?;
        let escrow = manager.instrument_escrow(&mut self.chain);
        let held = escrow.balance_of(&mut self.chain, self.me, asset);
        if held < units {
            return Err(UserError::TooLittleInEscrow {
                holds: self.amount(asset, held),
                needs: self.amount(asset, units),
            });
        }
        let words = self.amount(asset, units);
        self.confirmed(&format!(
            "withdraw {words} from domain {domain}'s instrument escrow"
        ))?;
        let withdrawn = escrow.withdraw(&mut self.chain, self.me, asset, units)?;
        withdrawn.map_err(|error| UserError::Refused(super::explain_escrow(&error)))?;
        self.say_events();
        let after = self.after(domain)?;
        Ok(json!({ "withdrawn": self.amount_json(asset, units), "after": after }))
    }

    /// `nuts transfer AMOUNT --to ACCOUNT`: a plain PSP22 transfer from the wallet.
    pub fn transfer(&mut self, amount: &str, to: &str) -> Result<Value, UserError> {
        let (token, units) = self.wallet_amount("AMOUNT", amount)?;
        let to = super::parse_account(to)?;
        let asset = token.asset();
        let words = self.amount(asset, units);
        self.confirmed(&format!("transfer {words} to {}", crate::deploy::ss58(to)))?;
        let sent = token.transfer(&mut self.chain, self.me, to, units)?;
        sent.map_err(|error| UserError::Refused(super::explain_psp22(&error)))?;
        let now = token.balance_of(&mut self.chain, self.me);
        self.say(&format!(
            "  done; your wallet holds {}",
            self.amount(asset, now)
        ));
        Ok(json!({ "transferred": self.amount_json(asset, units), "to": crate::deploy::ss58(to) }))
    }

    /// The offer of a loan, typed: `principal` (`10000USD`), `collateral` (`150%GOLD`),
    /// `tenor` (`30d`), `rate` (`0.1%/day`), `open` (`7d`), `bound` (an amount of the
    /// collateral asset, or none).
    pub fn loan_params(
        &self,
        principal: &str,
        collateral: &str,
        tenor: &str,
        rate: &str,
        open: &str,
        bound: Option<&str>,
    ) -> Result<LendingParams, UserError> {
        let (lending_asset, principal) = self.parse_amount("--principal", principal)?;
        // `150%GOLD`: the ratio, then the collateral token's symbol.
        let at = collateral.find('%').ok_or_else(|| {
            argument(
                "--collateral",
                amounts::AmountError::WrongUnit {
                    typed: collateral.to_string(),
                    expected: "%SYMBOL (150%GOLD)",
                },
            )
        })?;
        let collateral_ratio = flag("--collateral", parse_basis_points(&collateral[..=at]))?;
        let symbol = format!("0{}", &collateral[at + 1..]);
        let (collateral_asset, _) = self.parse_amount("--collateral", &symbol)?;
        let collateral_bound = match bound {
            None => 0,
            Some(text) => {
                let (asset, amount) = self.parse_amount("--bound", text)?;
                if asset != collateral_asset {
                    return Err(wrong_token("--bound", text, "the collateral token"));
                }
                amount
            }
        };
        Ok(LendingParams {
            lending_asset,
            principal,
            collateral_asset,
            collateral_ratio,
            collateral_bound,
            tenor_days: flag("--tenor", parse_days(tenor))?,
            interest_rate: flag("--rate", parse_daily_rate(rate))?,
            issuance_duration_days: flag("--open", parse_days(open))?,
        })
    }

    /// `nuts lend` (a lending domain) or `nuts borrow` (a borrowing domain): a loan offer.
    pub fn offer_loan(
        &mut self,
        domain: InstrumentId,
        params: LendingParams,
        borrowing: bool,
    ) -> Result<Value, UserError> {
        let manager = self.manager(domain)?;
        let escrow = manager.instrument_escrow(&mut self.chain);
        let needs = if borrowing {
            Vec::new()
        } else {
            vec![(params.lending_asset, params.principal)]
        };
        let what = format!(
            "{} in domain {domain}: {}",
            if borrowing { "borrow" } else { "lend" },
            self.loan_words(&Loan {
                kind: if borrowing {
                    LoanKind::Borrowing
                } else {
                    LoanKind::Lending
                },
                params,
                maker: self.me,
                issuance_due: 0,
                collateral: 0,
                engagement: None,
                terms: Default::default(),
                oracle: self.oracle.0,
            })
        );
        self.create(domain, manager, escrow, &what, params, &needs)
    }

    /// `nuts swap` / `nuts multi-swap`: give `give` for `get`, open `open` days; a multi-swap
    /// takes each taker's part between `min` and `max` of the output.
    pub fn offer_swap(
        &mut self,
        domain: InstrumentId,
        (give, get, open): (&str, &str, &str),
        parts: Option<(&str, &str)>,
    ) -> Result<Value, UserError> {
        let (input_asset, input_amount) = self.parse_amount("--give", give)?;
        let (output_asset, output_amount) = self.parse_amount("--get", get)?;
        let swap = SwapParams {
            input_asset,
            input_amount,
            output_asset,
            output_amount,
            issuance_duration_days: flag("--open", parse_days(open))?,
        };
        let manager = self.manager(domain)?;
        let escrow = manager.instrument_escrow(&mut self.chain);
        let needs = [(input_asset, input_amount)];
        let what = format!(
            "swap offer in domain {domain}: give {} for {}",
            self.amount(input_asset, input_amount),
            self.amount(output_asset, output_amount)
        );
        match parts {
            None => self.create(domain, manager, escrow, &what, swap, &needs),
            Some((min, max)) => {
                let (min_asset, min_output) = self.parse_amount("--min", min)?;
                let (max_asset, max_output) = self.parse_amount("--max", max)?;
                if min_asset != output_asset {
                    return Err(wrong_token("--min", min, "the --get token"));
                }
                if max_asset != output_asset {
                    return Err(wrong_token("--max", max, "the --get token"));
                }
                let params = MultiSwapParams {
                    swap,
                    min_output,
                    max_output,
                };
                self.create(domain, manager, escrow, &what, params, &needs)
            }
        }
    }

    fn create(
        &mut self,
        domain: InstrumentId,
        manager: Manager,
        escrow: Escrow,
        what: &str,
        params: impl ink::scale::Encode,
        needs: &[(Asset, Balance)],
    ) -> Result<Value, UserError> {
        let bytes = params.encode();
        let acted = self.act(what, escrow, needs, |limit| {
            manager
                .calls()
                .call_mut()
                .create_issuance(bytes.clone(), limit)
        })?;
        self.say(&format!(
            "  issuance {} of domain {domain} is open (`nuts show {domain} {}`)",
            acted.value, acted.value
        ));
        let after = self.after(domain)?;
        Ok(json!({
            "domain": domain,
            "issuance": acted.value,
            "spent": self.amounts_json(&acted.spent.0),
            "events": acted.events,
            "after": after,
        }))
    }

    /// `nuts engage DOMAIN ISSUANCE [--output AMOUNT]`: take an offer (a multi-swap's part
    /// pays `output`).
    pub fn engage(
        &mut self,
        domain: InstrumentId,
        issuance: IssuanceId,
        output: Option<&str>,
    ) -> Result<Value, UserError> {
        let (manager, record) = self.record(domain, issuance)?;
        let terms = self.terms(manager, issuance);
        if let Some(terms) = &terms {
            let due = terms.issuance_due();
            if self.chain.now() >= due {
                return Err(UserError::OfferExpired {
                    expired: self.when(due),
                });
            }
        }
        if record.state != IssuanceState::Engageable {
            return Err(UserError::Refused(explain_state(record.state)));
        }
        let (params, needs, words) = match (terms, output) {
            (Some(Terms::Swap(swap)), Some(output)) => {
                let (asset, amount) = self.parse_amount("--output", output)?;
                if asset != swap.params.output_asset {
                    return Err(wrong_token("--output", output, "the swap's output token"));
                }
                let words = self.swap_words(&swap);
                (amount.encode(), vec![(asset, amount)], words)
            }
            (Some(Terms::Swap(swap)), None) => {
                let p = swap.params;
                let words = self.swap_words(&swap);
                (Vec::new(), vec![(p.output_asset, p.output_amount)], words)
            }
            (Some(Terms::Loan(_)), Some(_)) => {
                return Err(UserError::Refused(
                    "--output is a multi-swap part's payment; this issuance is a loan".into(),
                ))
            }
            (Some(Terms::Loan(loan)), None) => (Vec::new(), Vec::new(), self.loan_words(&loan)),
            (None, _) => (Vec::new(), Vec::new(), "terms unknown to this tool".into()),
        };
        let escrow = manager.instrument_escrow(&mut self.chain);
        let what = format!("engage issuance {issuance} of domain {domain}: {words}");
        let acted = self.act(&what, escrow, &needs, |limit| {
            manager
                .calls()
                .call_mut()
                .engage_issuance(issuance, params.clone(), limit)
        })?;
        self.say(&format!(
            "  engagement {} of issuance {issuance}",
            acted.value
        ));
        let after = self.after(domain)?;
        Ok(json!({
            "domain": domain,
            "issuance": issuance,
            "engagement": acted.value,
            "spent": self.amounts_json(&acted.spent.0),
            "events": acted.events,
            "after": after,
        }))
    }

    /// `nuts repay DOMAIN ISSUANCE`: the borrower repays principal and interest; the
    /// collateral comes back.
    pub fn repay(
        &mut self,
        domain: InstrumentId,
        issuance: IssuanceId,
    ) -> Result<Value, UserError> {
        let (manager, _, loan) = self.loan(domain, issuance)?;
        let (Some(engagement), Some(owed)) = (loan.engagement, loan.repay_amount()) else {
            return Err(UserError::Refused(
                "the loan is not engaged: nothing to repay".into(),
            ));
        };
        let asset = loan.params.lending_asset;
        let what = format!(
            "repay {} (principal and interest) of issuance {issuance} of domain {domain}, due {}",
            self.amount(asset, owed),
            self.when(engagement.due)
        );
        let payload = owed.encode();
        let id = engagement.engagement_id;
        let at = (domain, manager, issuance);
        self.custom(at, &what, (Some(id), REPAY, payload), &[(asset, owed)])
    }

    /// `nuts cancel DOMAIN ISSUANCE`: the maker withdraws an offer nobody engaged.
    pub fn cancel(
        &mut self,
        domain: InstrumentId,
        issuance: IssuanceId,
    ) -> Result<Value, UserError> {
        let (manager, _) = self.record(domain, issuance)?;
        let what = format!("cancel issuance {issuance} of domain {domain}");
        self.custom(
            (domain, manager, issuance),
            &what,
            (None, CANCEL, Vec::new()),
            &[],
        )
    }

    /// `name` of `issuance` (of `engagement`, if any) with `payload`, the safe way.
    fn custom(
        &mut self,
        (domain, manager, issuance_id): (InstrumentId, Manager, IssuanceId),
        what: &str,
        (engagement, name, payload): (Option<EngagementId>, traits::Name, Vec<u8>),
        needs: &[(Asset, Balance)],
    ) -> Result<Value, UserError> {
        let escrow = manager.instrument_escrow(&mut self.chain);
        let acted = self.act(what, escrow, needs, |limit| {
            manager.calls().call_mut().process_custom_event(
                issuance_id,
                engagement,
                name,
                payload.clone(),
                limit,
            )
        })?;
        let after = self.after(domain)?;
        Ok(json!({
            "domain": domain,
            "issuance": issuance_id,
            "spent": self.amounts_json(&acted.spent.0),
            "events": acted.events,
            "after": after,
        }))
    }

    /// `nuts renew DOMAIN ISSUANCE --days N`: the maker keeps an unengaged offer open longer.
    pub fn renew(
        &mut self,
        domain: InstrumentId,
        issuance: IssuanceId,
        days: &str,
    ) -> Result<Value, UserError> {
        let (manager, _) = self.record(domain, issuance)?;
        let days = flag("--days", parse_days(days))?;
        let escrow = manager.instrument_escrow(&mut self.chain);
        let what = format!("renew issuance {issuance} of domain {domain} by {days} days");
        let params = days.encode();
        let acted = self.act(&what, escrow, &[], |limit| {
            manager
                .calls()
                .call_mut()
                .renew_issuance(issuance, params.clone(), limit)
        })?;
        let after = self.after(domain)?;
        Ok(json!({
            "domain": domain,
            "issuance": issuance,
            "spent": self.amounts_json(&acted.spent.0),
            "events": acted.events,
            "after": after,
        }))
    }

    /// `nuts close DOMAIN ISSUANCE`: the maker closes a final issuance (its storage deposits
    /// come back); a taker closes its engagements of a closed one.
    pub fn close(
        &mut self,
        domain: InstrumentId,
        issuance: IssuanceId,
    ) -> Result<Value, UserError> {
        let manager = self.manager(domain)?;
        let record = manager.issuance(&mut self.chain, issuance);
        let native = self.chain.native_balance(self.me);
        if let Some(record) = record.filter(|record| record.maker == self.me) {
            self.confirmed(&format!(
                "close issuance {issuance} of domain {domain} (it is {:?}); its storage deposits \
                 come back to you",
                record.state
            ))?;
            let closed = manager.close_issuance(&mut self.chain, self.me, issuance)?;
            closed.map_err(|error| UserError::Refused(super::explain(&error)))?;
        } else {
            // A taker's engagements: the ids it holds in this issuance.
            // Ids run from 1; a closed issuance no longer says how many, so they are read until
            // the first missing one.
            let mut mine: Vec<EngagementId> = Vec::new();
            for id in 1..=traits::MAX_ENGAGEMENTS {
                match manager.engagement(&mut self.chain, issuance, id) {
                    None => break,
                    Some(engagement) if engagement.taker == self.me => mine.push(id),
                    Some(_) => {}
                }
            }
            if mine.is_empty() {
                return Err(UserError::Refused(match record {
                    Some(_) => super::explain(&ManagerError::NotYours),
                    None => format!("{}", UserError::NoSuchIssuance { domain, issuance }),
                }));
            }
            self.confirmed(&format!(
                "close your engagements {mine:?} of issuance {issuance} of domain {domain}"
            ))?;
            for id in mine {
                let closed = manager.close_engagement(&mut self.chain, self.me, issuance, id)?;
                closed.map_err(|error| UserError::Refused(super::explain(&error)))?;
            }
        }
        let events = self.say_events();
        // The storage deposits come back in the native currency, less the transactions' fees.
        let back = self.chain.native_balance(self.me).saturating_sub(native);
        self.say(&format!(
            "  storage deposits back: {back} native units (smallest unit, after fees)"
        ));
        let after = self.after(domain)?;
        Ok(json!({
            "domain": domain,
            "issuance": issuance,
            "events": events,
            "native_back": back.to_string(),
            "after": after,
        }))
    }

    /// `nuts activate INSTRUMENT [--version V]`: deploys one of the platform's instruments with
    /// the caller as its FSP, approves the registry for the Config's NUTS deposit and activates
    /// it on manager `version`; anyone may deactivate it after `termination`, the FSP after
    /// `override_after` (both typed as days from now).
    pub fn activate(
        &mut self,
        instrument: Instrument,
        version: Option<Version>,
        (termination, override_after): (&str, &str),
    ) -> Result<Value, UserError> {
        let (kind, default) = match instrument {
            Instrument::Lending => (InstrumentKind::Lending, ManagerVersion::V3),
            Instrument::Borrowing => (InstrumentKind::Borrowing, ManagerVersion::V1),
            Instrument::Swap => (InstrumentKind::SpotSwap, ManagerVersion::V1),
            Instrument::MultiSwap => (InstrumentKind::MultiSwap, ManagerVersion::V2),
        };
        let version = version.map_or(default, ManagerVersion::from);
        if !kind.versions().contains(&version) {
            return Err(UserError::Refused(format!(
                "{kind:?} is written for {:?}, not {version:?}",
                kind.versions()
            )));
        }
        let termination = flag("--termination", parse_days(termination))?;
        let override_after = flag("--override", parse_days(override_after))?;
        let config = self.registry.config(&mut self.chain);
        let nuts = Token(config.nuts_token);
        let deposit = config.instrument_deposit;
        let held = nuts.balance_of(&mut self.chain, self.me);
        if held < deposit {
            return Err(UserError::TooLittleInWallet {
                holds: self.amount(nuts.asset(), held),
                needs: self.amount(nuts.asset(), deposit),
            });
        }
        self.confirmed(&format!(
            "deploy {kind:?} (interface {version:?}) with you as its FSP and activate it: the \
             registry takes the {} deposit (burned at deactivation); anyone may deactivate it \
             after {termination} days, you after {override_after}",
            self.amount(nuts.asset(), deposit)
        ))?;
        let (contract, input) = instrument_constructor(&mut self.chain, kind, version, self.oracle)
            .map_err(UserError::Refused)?;
        let now = self.chain.now();
        let salt = format!("{kind:?}-{now}-{}", crate::deploy::ss58(self.me));
        let address = self
            .chain
            .instantiate(contract, self.me, input, 0, salt.as_bytes())?;
        self.say(&format!(
            "  instrument     {} ({})",
            crate::deploy::ss58(address),
            contract.name
        ));
        let approved = nuts.approve(&mut self.chain, self.me, self.registry.0, deposit)?;
        let deployed = crate::deploy::ss58(address);
        approved.map_err(|error| {
            UserError::Partial(format!(
                "the instrument was deployed at {deployed}, the approval refused: {}",
                super::explain_psp22(&error)
            ))
        })?;
        let day = |days: u32| now.saturating_add(DAY_MS.saturating_mul(days.into()));
        let activated = self.registry.activate_instrument(
            &mut self.chain,
            self.me,
            version,
            address,
            day(termination),
            day(override_after),
        )?;
        let domain = activated.map_err(|error| {
            UserError::Partial(format!(
                "the instrument was deployed at {deployed} and the registry approved for the \
                 deposit, the activation refused: {}",
                super::explain_registry(&error)
            ))
        })?;
        let events = self.say_events();
        let manager = self.manager(domain)?;
        let escrow = manager.instrument_escrow(&mut self.chain);
        self.say(&format!(
            "  domain {domain}: manager {}, instrument escrow {}",
            crate::deploy::ss58(manager.0),
            crate::deploy::ss58(escrow.0)
        ));
        Ok(json!({
            "domain": domain,
            "instrument": crate::deploy::ss58(address),
            "manager": crate::deploy::ss58(manager.0),
            "instrument_escrow": crate::deploy::ss58(escrow.0),
            "events": events,
        }))
    }

    /// `nuts fsp DOMAIN ...`: the FSP's settings of its instrument.
    pub fn fsp(&mut self, domain: InstrumentId, change: Fsp) -> Result<Value, UserError> {
        let manager = self.manager(domain)?;
        let instrument = InstrumentClient(manager.setup(&mut self.chain).instrument);
        let me = self.me;
        let fee = |session: &Self, flag: &str, text: &str| -> Result<Option<Fee>, UserError> {
            let (asset, amount) = session.parse_amount(flag, text)?;
            Ok(Some(Fee { asset, amount }))
        };
        let (what, reply) = match change {
            Fsp::Whitelist { taker, enabled } => {
                let what = format!(
                    "{} whitelist {}",
                    if taker { "taker" } else { "maker" },
                    if enabled { "on" } else { "off" }
                );
                self.confirmed(&what)?;
                let chain = &mut self.chain;
                let reply = match taker {
                    true => instrument.set_taker_whitelist_enabled(chain, me, enabled),
                    false => instrument.set_maker_whitelist_enabled(chain, me, enabled),
                };
                (what, reply)
            }
            Fsp::Allow {
                taker,
                account,
                allowed,
            } => {
                let who = super::parse_account(&account)?;
                let what = format!(
                    "{} {account} on the {} whitelist",
                    if allowed { "allow" } else { "disallow" },
                    if taker { "taker" } else { "maker" }
                );
                self.confirmed(&what)?;
                let chain = &mut self.chain;
                let reply = match taker {
                    true => instrument.set_taker_allowed(chain, me, who, allowed),
                    false => instrument.set_maker_allowed(chain, me, who, allowed),
                };
                (what, reply)
            }
            Fsp::Fees { maker, taker } => {
                // A fee not given stays as it is; `none` removes it.
                let now = instrument.fees(&mut self.chain);
                let keep =
                    |flag: &str, given: Option<String>, was: Option<Fee>| match given.as_deref() {
                        None => Ok(was),
                        Some("none") => Ok(None),
                        Some(text) => fee(self, flag, text),
                    };
                let maker = keep("--maker", maker, now.maker)?;
                let taker = keep("--taker", taker, now.taker)?;
                let words = |fee: Option<Fee>| {
                    fee.map_or("none".into(), |fee| self.amount(fee.asset, fee.amount))
                };
                let what = format!("fees: maker {}, taker {}", words(maker), words(taker));
                self.confirmed(&what)?;
                let reply = instrument.set_fees(&mut self.chain, me, maker, taker);
                (what, reply)
            }
            Fsp::FeeRecipient(account) => {
                let who = super::parse_account(&account)?;
                let what = format!("fees go to {account}");
                self.confirmed(&what)?;
                (what, instrument.set_fee_recipient(&mut self.chain, me, who))
            }
            Fsp::Deactivate => {
                let what = format!("deactivate domain {domain}: no new issuance from now on");
                self.confirmed(&what)?;
                let reply = manager.deactivate(&mut self.chain, me)?;
                reply.map_err(|error| UserError::Refused(super::explain(&error)))?;
                let events = self.say_events();
                return Ok(json!({ "domain": domain, "done": what, "events": events }));
            }
        };
        reply?.map_err(|error| UserError::Refused(super::explain_instrument(&error)))?;
        self.say("  done");
        Ok(json!({ "domain": domain, "done": what }))
    }

    /// Says `what` and asks; `Declined` on no.
    fn confirmed(&mut self, what: &str) -> Result<(), UserError> {
        self.say(what);
        self.ask("send it?")
    }

    /// `amount` (typed for `flag`) of a token, checked against the caller's wallet:
    /// `TooLittleInWallet` when it holds less.
    fn wallet_amount(&mut self, flag: &str, amount: &str) -> Result<(Token, Balance), UserError> {
        let (asset, units) = self.parse_amount(flag, amount)?;
        let Asset::Token(address) = asset else {
            unreachable!("parsed amounts are of tokens")
        };
        let token = Token(address);
        let held = token.balance_of(&mut self.chain, self.me);
        if held < units {
            return Err(UserError::TooLittleInWallet {
                holds: self.amount(asset, held),
                needs: self.amount(asset, units),
            });
        }
        Ok((token, units))
    }

    /// `nuts config [--instrument-deposit AMOUNT] [--transfer-admin A | --accept-admin]`: the
    /// registry's Config and admin; the admin sets the NUTS an FSP locks to activate an
    /// instrument, and hands the role over in two steps.
    pub fn config(
        &mut self,
        instrument_deposit: Option<&str>,
        admin_change: Option<AdminChange>,
    ) -> Result<Value, UserError> {
        let mut config = self.registry.config(&mut self.chain);
        let nuts = Asset::Token(config.nuts_token);
        if let Some(text) = instrument_deposit {
            let (asset, amount) = self.parse_amount("--instrument-deposit", text)?;
            if asset != nuts {
                return Err(wrong_token("--instrument-deposit", text, "NUTS"));
            }
            config.instrument_deposit = amount;
            self.confirmed(&format!(
                "set the instrument deposit to {}",
                self.amount(nuts, amount)
            ))?;
            let reply = self.registry.set_config(&mut self.chain, self.me, config)?;
            reply.map_err(|error| UserError::Refused(super::explain_registry(&error)))?;
        }
        match admin_change {
            None => {}
            Some(AdminChange::Propose(account)) => {
                let successor = super::parse_account(&account)?;
                self.confirmed(&format!(
                    "propose {} as the platform admin (they accept with `nuts config \
                     --accept-admin`)",
                    crate::deploy::ss58(successor)
                ))?;
                let reply = self
                    .registry
                    .transfer_admin(&mut self.chain, self.me, successor)?;
                reply.map_err(|error| UserError::Refused(super::explain_registry(&error)))?;
            }
            Some(AdminChange::Accept) => {
                self.confirmed("accept the platform admin role")?;
                let reply = self.registry.accept_admin(&mut self.chain, self.me)?;
                reply.map_err(|error| UserError::Refused(super::explain_registry(&error)))?;
            }
        }
        let admin = self.registry.admin(&mut self.chain);
        let deposit = self.amount(nuts, config.instrument_deposit);
        let hex = |hash: traits::Hash| format!("0x{}", client::node::hex(hash.as_ref()));
        let optional = |hash: Option<traits::Hash>| hash.map_or("not configured".into(), hex);
        let lines = [
            ("registry admin", self.name(admin)),
            ("NUTS token", crate::deploy::ss58(config.nuts_token)),
            ("instrument deposit", deposit),
            ("manager v1 code", optional(config.manager_v1)),
            ("manager v2 code", optional(config.manager_v2)),
            ("manager v3 code", optional(config.manager_v3)),
            ("instrument escrow code", hex(config.instrument_escrow)),
            ("issuance escrow code", hex(config.issuance_escrow)),
            ("issuance storage code", optional(config.issuance_storage)),
        ];
        for (what, value) in &lines {
            self.say(&format!("{what:<24}{value}"));
        }
        Ok(json!({
            "admin": crate::deploy::ss58(admin),
            "nuts_token": crate::deploy::ss58(config.nuts_token),
            "instrument_deposit": self.amount_json(nuts, config.instrument_deposit),
            "manager_v1": optional(config.manager_v1),
            "manager_v2": optional(config.manager_v2),
            "manager_v3": optional(config.manager_v3),
            "instrument_escrow": hex(config.instrument_escrow),
            "issuance_escrow": hex(config.issuance_escrow),
            "issuance_storage": optional(config.issuance_storage),
        }))
    }
}

/// `result` of parsing flag `flag`'s value, its error naming the flag.
fn flag<T>(flag: &str, result: Result<T, amounts::AmountError>) -> Result<T, UserError> {
    result.map_err(|error| argument(flag, error))
}

fn argument(flag: &str, error: amounts::AmountError) -> UserError {
    UserError::Argument {
        flag: flag.to_string(),
        error,
    }
}

/// An amount of the wrong token for `flag`: `expected` names the right one.
fn wrong_token(flag: &str, typed: &str, expected: &'static str) -> UserError {
    let error = amounts::AmountError::WrongUnit {
        typed: typed.to_string(),
        expected,
    };
    argument(flag, error)
}

/// Why an issuance in `state` takes no taker.
fn explain_state(state: IssuanceState) -> String {
    format!("IssuanceNotEngageable: the issuance is {state:?}, not open to takers")
}
