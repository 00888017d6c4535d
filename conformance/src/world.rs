//! The [`World`] every conformance check (and the platform's own scenarios) starts from: the
//! platform on a fresh in-process chain, an FSP with NUTS, an instrument activated on a manager
//! version, a maker and a taker, two test tokens (USD and GOLD) and an oracle pricing 1 USD at
//! 0.5 GOLD. [`World::new`] makes that instrument the platform's lending, with docs/SPEC.md §8's
//! numbers: 10000 USD lent for 30 days at 0.1% a day (interest 300) against 150% collateral in
//! GOLD (7500 GOLD).

use client::{
    chain::GENESIS_TIME,
    clients::{Escrow, InstrumentClient, Manager, Oracle, Token},
    platform::{example_loan, fund, Platform},
    Chain,
};
use lending_logic::LendingParams;
use traits::{
    AccountId, Asset, Balance, IssuanceId, ManagerVersion, SpendingLimit, Timestamp, DAY_MS,
};

pub use client::platform::{COLLATERAL, INTEREST, PRINCIPAL};

/// 1 in the 18-decimal fixed point real oracles quote rates in: 0.5 is `FIXED_POINT_ONE / 2`.
pub const FIXED_POINT_ONE: Balance = 1_000_000_000_000_000_000;
/// NUTS an FSP deposits to activate an instrument.
pub const DEPOSIT: Balance = 5_000;
/// USD [`World::new`] deposits for the maker.
pub const MAKER_FUNDS: Balance = 100_000;
/// GOLD [`World::new`] deposits for the taker.
pub const TAKER_GOLD: Balance = 50_000;
/// USD [`World::new`] deposits for the taker (for interest).
pub const TAKER_USD: Balance = 1_000;
/// Termination and override far away: the FSP may deactivate after 60 days, anyone after 365.
pub const OVERRIDE_AT: Timestamp = GENESIS_TIME + 60 * DAY_MS;
pub const TERMINATION_AT: Timestamp = GENESIS_TIME + 365 * DAY_MS;

/// The platform with one activated instrument and its people.
pub struct World {
    pub p: Platform,
    pub fsp: AccountId,
    pub maker: AccountId,
    pub taker: AccountId,
    pub keeper: AccountId,
    pub usd: Token,
    pub gold: Token,
    pub instrument: InstrumentClient,
    pub manager: Manager,
    pub escrow: Escrow,
    /// Everyone who may hold something in an escrow here.
    pub accounts: Vec<AccountId>,
    /// Smallest units per whole token of USD and GOLD: `10^decimals` ([`World::with_decimals`]).
    /// Scenarios write amounts as whole tokens times this.
    pub unit: Balance,
}

impl World {
    /// The platform, an FSP with NUTS, a lending instrument activated on `version`, and the
    /// maker's USD and the taker's GOLD (and some USD for interest) deposited in the instrument
    /// escrow.
    pub fn new(version: ManagerVersion) -> Self {
        let mut world = Self::with(version, |chain, fsp, oracle| {
            InstrumentClient::deploy_lending(chain, fsp, oracle, version, b"lending")
        });
        let (maker, taker, usd, gold) = (world.maker, world.taker, world.usd, world.gold);
        world.fund(maker, usd, MAKER_FUNDS);
        world.fund(taker, gold, TAKER_GOLD);
        world.fund(taker, usd, TAKER_USD);
        world
    }

    /// The platform, an FSP with NUTS, the instrument `deploy` makes (from the chain, the FSP
    /// and the price oracle, which prices 1 USD at 0.5 GOLD) activated on `version`; nobody
    /// funded yet.
    pub fn with(
        version: ManagerVersion,
        deploy: impl FnOnce(&mut Chain, AccountId, Oracle) -> InstrumentClient,
    ) -> Self {
        Self::with_decimals(version, 0, deploy)
    }

    /// [`World::with`] on tokens of `decimals` decimals (at most 30): amounts scale by
    /// [`World::unit`] (`10^decimals`), and above 0 the oracle gives its rate as real oracles
    /// do, in 18-decimal fixed point: 1 USD = 0.5 GOLD is `(5 * 10^17, 10^18)`.
    pub fn with_decimals(
        version: ManagerVersion,
        decimals: u32,
        deploy: impl FnOnce(&mut Chain, AccountId, Oracle) -> InstrumentClient,
    ) -> Self {
        assert!(
            decimals <= 30,
            "{decimals} decimals leave no room for amounts"
        );
        let unit = 10u128.pow(decimals);
        let half = if decimals == 0 {
            (1, 2)
        } else {
            (FIXED_POINT_ONE / 2, FIXED_POINT_ONE)
        };
        let mut p = Platform::new(DEPOSIT);
        let chain = &mut p.chain;
        let (fsp, maker, taker, keeper) = (
            chain.account("fsp"),
            chain.account("maker"),
            chain.account("taker"),
            chain.account("keeper"),
        );
        let usd = Token::deploy_test_token(chain, fsp, 0, b"usd");
        let gold = Token::deploy_test_token(chain, fsp, 0, b"gold");
        chain.label(usd.0, "USD");
        chain.label(gold.0, "GOLD");
        assert_eq!(
            p.oracle
                .set_rate(chain, p.admin, usd.asset(), gold.asset(), half),
            Ok(Ok(()))
        );
        let instrument = deploy(chain, fsp, p.oracle);
        chain.label(instrument.0, "instrument");
        p.give_nuts(fsp, DEPOSIT * 10);
        let (reply, manager) = p.activate(fsp, version, instrument.0, TERMINATION_AT, OVERRIDE_AT);
        assert_eq!(reply, Ok(Ok(1)), "the instrument activates");
        let manager = manager.expect("activated instruments have a manager");
        let escrow = manager.instrument_escrow(&mut p.chain);
        World {
            p,
            fsp,
            maker,
            taker,
            keeper,
            usd,
            gold,
            instrument,
            manager,
            escrow,
            accounts: vec![fsp, maker, taker, keeper],
            unit,
        }
    }

    /// A new account, counted in [`World::check_escrows`].
    pub fn account(&mut self, name: &str) -> AccountId {
        let account = self.p.chain.account(name);
        self.accounts.push(account);
        account
    }

    pub fn chain(&mut self) -> &mut Chain {
        &mut self.p.chain
    }

    /// Mints `amount` of `token` to `account`, which deposits it in the instrument escrow.
    pub fn fund(&mut self, account: AccountId, token: Token, amount: Balance) {
        let escrow = self.escrow;
        fund(&mut self.p.chain, escrow, account, token, amount);
    }

    /// The example loan (docs/SPEC.md §8) at this world's decimals: 10000 USD.
    pub fn loan(&self) -> LendingParams {
        LendingParams {
            principal: PRINCIPAL * self.unit,
            ..example_loan(self.usd.asset(), self.gold.asset())
        }
    }

    /// A spending limit as large as every balance anybody funded here: for scenarios about
    /// something else than limits.
    pub fn everything(&self) -> SpendingLimit {
        SpendingLimit::of(self.usd.asset(), MAKER_FUNDS + TAKER_USD)
            .and(self.gold.asset(), TAKER_GOLD)
            .and(Asset::Native, Balance::from(u64::MAX))
    }

    /// The maker creates the standard loan offer, letting exactly the principal leave.
    pub fn create_loan(&mut self) -> IssuanceId {
        let (manager, maker, loan) = (self.manager, self.maker, self.loan());
        let limit = SpendingLimit::of(self.usd.asset(), PRINCIPAL);
        let created = manager.create_issuance(self.chain(), maker, loan, limit);
        created
            .expect("call goes through")
            .expect("the offer is created")
    }

    /// The maker creates the standard offer and the taker engages it, letting exactly the
    /// collateral leave.
    pub fn engaged_loan(&mut self) -> IssuanceId {
        let id = self.create_loan();
        let (manager, taker) = (self.manager, self.taker);
        let limit = SpendingLimit::of(self.gold.asset(), COLLATERAL);
        assert_eq!(
            manager.engage_issuance(self.chain(), taker, id, (), limit),
            Ok(Ok(1))
        );
        id
    }

    /// The balance of `account` in `token` in the instrument escrow.
    pub fn escrowed(&mut self, account: AccountId, token: Token) -> Balance {
        let escrow = self.escrow;
        escrow.balance_of(self.chain(), account, token.asset())
    }

    /// The balance of `account` in `asset` (a token or native) in issuance `id`'s escrow.
    pub fn locked(
        &mut self,
        id: IssuanceId,
        account: AccountId,
        asset: impl Into<Asset>,
    ) -> Balance {
        let manager = self.manager;
        let escrow = Escrow(
            manager
                .issuance(self.chain(), id)
                .expect("issuance exists")
                .escrow,
        );
        escrow.balance_of(self.chain(), account, asset.into())
    }

    /// Every escrow of the domain holds exactly what its accounts' balances add up to (a closed
    /// issuance has no escrow left to check).
    pub fn check_escrows(&mut self, issuances: IssuanceId) {
        let accounts = self.accounts.clone();
        let mut escrows = vec![self.escrow];
        let manager = self.manager;
        assert!(issuances <= manager.issuance_count(self.chain()));
        for id in 1..=issuances {
            if let Some(issuance) = manager.issuance(self.chain(), id) {
                escrows.push(Escrow(issuance.escrow));
            }
        }
        for escrow in escrows {
            for token in [self.usd, self.gold] {
                let chain = self.chain();
                let sum: Balance = accounts
                    .iter()
                    .map(|a| escrow.balance_of(chain, *a, token.asset()))
                    .sum();
                assert_eq!(
                    sum,
                    escrow.total_held(chain, token.asset()),
                    "balances add up to the total"
                );
                assert_eq!(
                    sum,
                    token.balance_of(chain, escrow.0),
                    "the escrow holds its total"
                );
            }
        }
        let manager = self.manager.0;
        for token in [self.usd, self.gold] {
            assert_eq!(
                token.balance_of(self.chain(), manager),
                0,
                "the manager keeps nothing"
            );
        }
    }
}
