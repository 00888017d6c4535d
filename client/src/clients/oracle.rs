//! The price oracle (`traits::PriceOracle`).

use ink::codegen::TraitCallBuilder;
use traits::{AccountId, Asset, Balance, OracleError, PriceOracle as _};

use super::{ref_to, PriceOracleRef, Reply};
use crate::{
    chain::{constructor_input, Chain},
    contracts,
};

/// The price oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Oracle(pub AccountId);

impl Oracle {
    /// Its `PriceOracle` messages, as ink!'s call builder makes them.
    fn oracle(self) -> PriceOracleRef {
        ref_to(self.0)
    }

    /// Instantiates an oracle administered by `admin`.
    pub fn deploy(chain: &mut Chain, admin: AccountId) -> Self {
        Oracle(
            chain
                .instantiate(
                    contracts::PRICE_ORACLE,
                    admin,
                    constructor_input(price_oracle::PriceOracleRef::new()),
                    0,
                    b"oracle",
                )
                .expect("oracle instantiates"),
        )
    }

    /// `PriceOracle::set_rate` as `caller`.
    pub fn set_rate(
        self,
        chain: &mut Chain,
        caller: AccountId,
        base: Asset,
        quote: Asset,
        rate: (Balance, Balance),
    ) -> Reply<(), OracleError> {
        chain.send(
            caller,
            self.oracle()
                .call_mut()
                .set_rate(base, quote, rate.0, rate.1),
        )
    }

    /// `PriceOracle::rate`: `(numerator, denominator)` units of `quote` per unit of `base`.
    pub fn rate(
        self,
        chain: &mut Chain,
        base: Asset,
        quote: Asset,
    ) -> Result<(Balance, Balance), OracleError> {
        chain.read(self.oracle().call_mut().rate(base, quote))
    }
}
