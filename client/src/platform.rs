//! The platform set up on a fresh chain: NUTS token, price oracle and registry with a Config
//! naming every uploaded code hash. Tests and the demo start from here.

use lending_logic::LendingParams;
use traits::{
    AccountId, Asset, Balance, Config, InstrumentId, ManagerVersion, RegistryError, Timestamp,
};

use crate::{
    chain::Chain,
    clients::{Escrow, Manager, Oracle, Registry, Reply, Token},
    contracts,
};

/// NUTS minted to the platform admin at genesis.
pub const NUTS_SUPPLY: Balance = 1_000_000_000;
/// The most NUTS that can ever exist.
pub const NUTS_CAP: Balance = 10_000_000_000;

/// Principal of the example loan (docs/SPEC.md §8's numbers).
pub const PRINCIPAL: Balance = 10_000;
/// Interest on the example loan: 10000 * 30 days * 0.1% a day.
pub const INTEREST: Balance = 300;
/// Collateral of the example loan: 150% of the principal at 1 lending unit = 0.5 collateral.
pub const COLLATERAL: Balance = 7_500;

/// The example loan: 10000 of `lending_asset` for 30 days at 0.1% a day against 150% collateral
/// in `collateral_asset`, engageable for 7 days.
pub fn example_loan(lending_asset: Asset, collateral_asset: Asset) -> LendingParams {
    LendingParams {
        lending_asset,
        principal: PRINCIPAL,
        collateral_asset,
        collateral_ratio: 15_000,
        collateral_bound: 0,
        tenor_days: 30,
        interest_rate: 1_000,
        issuance_duration_days: 7,
    }
}

/// Mints `amount` of the faucet `token` to `account`, which approves `escrow` and deposits it.
pub fn fund(chain: &mut Chain, escrow: Escrow, account: AccountId, token: Token, amount: Balance) {
    token.mint_to(chain, account, amount);
    assert_eq!(
        token.approve(chain, account, escrow.0, amount),
        Ok(Ok(())),
        "approve the escrow"
    );
    assert_eq!(
        escrow.deposit(chain, account, token.asset(), amount, 0),
        Ok(Ok(())),
        "deposit"
    );
}

/// The platform's contracts on a chain.
pub struct Platform {
    /// The chain.
    pub chain: Chain,
    /// The platform admin (registry admin, NUTS owner, oracle admin).
    pub admin: AccountId,
    /// The NUTS token.
    pub nuts: Token,
    /// The price oracle.
    pub oracle: Oracle,
    /// The registry.
    pub registry: Registry,
}

/// The registry's Config naming this build's code (every manager version, both escrows, the
/// issuance storage), NUTS token `nuts` and an instrument deposit of `instrument_deposit` NUTS
/// units.
pub fn platform_config(chain: &mut Chain, nuts: AccountId, instrument_deposit: Balance) -> Config {
    Config {
        nuts_token: nuts,
        instrument_deposit,
        manager_v1: Some(chain.code_hash(contracts::MANAGER_V1)),
        manager_v2: Some(chain.code_hash(contracts::MANAGER_V2)),
        manager_v3: Some(chain.code_hash(contracts::MANAGER_V3)),
        instrument_escrow: chain.code_hash(contracts::INSTRUMENT_ESCROW),
        issuance_escrow: chain.code_hash(contracts::ISSUANCE_ESCROW),
        issuance_storage: Some(chain.code_hash(contracts::ISSUANCE_STORAGE)),
    }
}

impl Platform {
    /// A fresh chain with the platform deployed; activation costs `instrument_deposit` NUTS.
    #[cfg(feature = "sandbox")]
    pub fn new(instrument_deposit: Balance) -> Self {
        let mut chain = Chain::new();
        let admin = chain.account("admin");
        Self::on(chain, admin, instrument_deposit)
    }

    /// The platform deployed on `chain` (every platform code uploaded) by `admin`.
    pub fn on(mut chain: Chain, admin: AccountId, instrument_deposit: Balance) -> Self {
        let nuts = Token::deploy_nuts(&mut chain, admin, NUTS_CAP, NUTS_SUPPLY);
        chain.label(nuts.0, "NUTS");
        let oracle = Oracle::deploy(&mut chain, admin);
        let config = platform_config(&mut chain, nuts.0, instrument_deposit);
        let registry = Registry::deploy(&mut chain, admin, config);
        Platform {
            chain,
            admin,
            nuts,
            oracle,
            registry,
        }
    }

    /// Gives `account` `amount` NUTS from the admin.
    pub fn give_nuts(&mut self, account: AccountId, amount: Balance) {
        let given = self
            .nuts
            .transfer(&mut self.chain, self.admin, account, amount);
        assert_eq!(given, Ok(Ok(())), "the admin gives NUTS");
    }

    /// The FSP approves the registry for the deposit, then activates `instrument` on `version`.
    /// Returns the registry's answer and, on success, the new domain's manager.
    pub fn activate(
        &mut self,
        fsp: AccountId,
        version: ManagerVersion,
        instrument: AccountId,
        termination: Timestamp,
        override_at: Timestamp,
    ) -> (Reply<InstrumentId, RegistryError>, Option<Manager>) {
        let deposit = self.registry.config(&mut self.chain).instrument_deposit;
        let approved = self
            .nuts
            .approve(&mut self.chain, fsp, self.registry.0, deposit);
        assert_eq!(approved, Ok(Ok(())), "the FSP approves the deposit");
        let reply = self.registry.activate_instrument(
            &mut self.chain,
            fsp,
            version,
            instrument,
            termination,
            override_at,
        );
        let manager = match reply {
            Ok(Ok(id)) => self.registry.manager_of(&mut self.chain, id),
            _ => None,
        };
        if let Some(manager) = manager {
            self.chain.label(manager.0, "manager");
            let escrow = manager.instrument_escrow(&mut self.chain);
            self.chain.label(escrow.0, "instrument escrow");
        }
        (reply, manager)
    }
}
