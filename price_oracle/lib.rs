//! The price oracle: exchange rates between assets set by its admin, read by instruments
//! (`quote_amount = base_amount * numerator / denominator`). An asset's rate in itself is 1.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::price_oracle::PriceOracleRef;

#[ink::contract]
mod price_oracle {
    use ink::storage::Mapping;
    use traits::{events::RateSet, Asset, OracleError, PriceOracle as Oracle};

    /// `quote_amount = base_amount * numerator / denominator`.
    type Rate = (Balance, Balance);

    #[ink(storage)]
    pub struct PriceOracle {
        admin: AccountId,
        /// `(numerator, denominator)` of each `(base, quote)` pair.
        rates: Mapping<(Asset, Asset), Rate>,
    }

    impl Default for PriceOracle {
        fn default() -> Self {
            Self::new()
        }
    }

    impl PriceOracle {
        /// An oracle administered by its instantiator, with no rate.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                admin: Self::env().caller(),
                rates: Mapping::default(),
            }
        }

        /// The account allowed to set rates.
        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin
        }
    }

    impl Oracle for PriceOracle {
        /// The rate of `base` in `quote` as `(numerator, denominator)`. Anyone.
        /// Errors: `RateNotSet`.
        #[ink(message)]
        fn rate(&self, base: Asset, quote: Asset) -> Result<(Balance, Balance), OracleError> {
            if base == quote {
                return Ok((1, 1));
            }
            self.rates.get((base, quote)).ok_or(OracleError::RateNotSet)
        }

        /// Sets the rate of `base` in `quote`. Caller: the oracle's admin.
        /// Errors: `NotAdmin`, `InvalidRate`.
        #[ink(message)]
        fn set_rate(
            &mut self,
            base: Asset,
            quote: Asset,
            numerator: Balance,
            denominator: Balance,
        ) -> Result<(), OracleError> {
            if self.env().caller() != self.admin {
                return Err(OracleError::NotAdmin);
            }
            if numerator == 0 || denominator == 0 || base == quote {
                return Err(OracleError::InvalidRate);
            }
            self.rates.insert((base, quote), &(numerator, denominator));
            self.env().emit_event(RateSet {
                base,
                quote,
                numerator,
                denominator,
            });
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn accounts() -> ink::env::test::DefaultAccounts<ink::env::DefaultEnvironment> {
            ink::env::test::default_accounts::<ink::env::DefaultEnvironment>()
        }

        #[ink::test]
        fn the_admin_sets_rates_and_anyone_reads_them() {
            let mut oracle = PriceOracle::new();
            let token = Asset::Token(accounts().django);
            assert_eq!(
                oracle.rate(Asset::Native, token),
                Err(OracleError::RateNotSet)
            );
            assert_eq!(oracle.set_rate(Asset::Native, token, 3, 2), Ok(()));
            assert_eq!(oracle.rate(Asset::Native, token), Ok((3, 2)));
            assert_eq!(
                oracle.rate(token, Asset::Native),
                Err(OracleError::RateNotSet),
                "rates are directed"
            );
            assert_eq!(oracle.rate(token, token), Ok((1, 1)));
        }

        #[ink::test]
        fn bad_rates_and_strangers_are_refused() {
            let mut oracle = PriceOracle::new();
            let token = Asset::Token(accounts().django);
            assert_eq!(
                oracle.set_rate(Asset::Native, token, 0, 1),
                Err(OracleError::InvalidRate)
            );
            assert_eq!(
                oracle.set_rate(Asset::Native, token, 1, 0),
                Err(OracleError::InvalidRate)
            );
            ink::env::test::set_caller::<ink::env::DefaultEnvironment>(accounts().bob);
            assert_eq!(
                oracle.set_rate(Asset::Native, token, 1, 1),
                Err(OracleError::NotAdmin)
            );
            assert_eq!(
                oracle.rate(Asset::Native, token),
                Err(OracleError::RateNotSet)
            );
        }
    }
}
