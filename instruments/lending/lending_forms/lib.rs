//! The lending and borrowing instruments' typed forms, for people who use the platform from
//! contracts-UI or Polkadot.js (docs/SPEC.md §8).
//!
//! The manager takes every instrument's offer, engagement and event payload as SCALE bytes
//! (`Vec<u8>`: one interface for all instruments) and gives an issuance's data back as bytes
//! (`custom_data`). A front-end that reads only the manager's metadata can show those as a hex
//! box, nothing more. This contract's metadata names the types instead: its read-only messages
//! take a `LendingParams` (a form with a field per term) and return the bytes to paste into
//! `create_issuance`, and take the bytes of `custom_data(issuance, "loan")` and return the `Loan`
//! with its principal, interest, collateral and due times. Front-ends dry-run them (a query: no
//! transaction, no fee).
//!
//! Why a contract of its own, not more messages on the instruments or the manager: every
//! platform call loads the code of every contract it goes through (a create calls the lending
//! instrument three times), so each byte added there would weigh on every loan. Nothing calls
//! this contract during an operation, so no operation's weight grows; it has no storage and one
//! instance serves every lending and borrowing domain of a chain.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract, for clients and tests.
pub use self::lending_forms::LendingFormsRef;

#[ink::contract]
mod lending_forms {
    use ink::{
        prelude::{string::String, vec::Vec},
        scale::Encode,
    };
    use lending_logic::{decode_loan, LendingParams, Loan};
    use traits::{InstrumentError, Name};

    /// No state: every message is a pure function of its arguments.
    #[ink(storage)]
    #[derive(Default)]
    pub struct LendingForms {}

    impl LendingForms {
        /// The forms (no arguments, no state).
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {}
        }

        /// The bytes of a loan offer: `InstrumentManager::create_issuance`'s `params` for a
        /// lending domain (the maker lends `principal`) or a borrowing domain (the maker
        /// borrows it). Amounts in the assets' smallest units; `collateral_ratio` in basis points
        /// (15000 = 150%), `interest_rate` in millionths of the principal per day (1000 =
        /// 0.1%/day), durations in days. The instrument checks the terms at create.
        #[ink(message)]
        pub fn offer(&self, params: LendingParams) -> Vec<u8> {
            params.encode()
        }

        /// The bytes of an engagement: `engage_issuance`'s `params` (a loan's engagement takes
        /// none, so this is empty).
        #[ink(message)]
        pub fn engagement(&self) -> Vec<u8> {
            ().encode()
        }

        /// The bytes of a repayment of `amount` (principal plus interest, in the lending asset's
        /// smallest units): `process_custom_event`'s `payload` for the event named `repay`.
        #[ink(message)]
        pub fn repayment(&self, amount: Balance) -> Vec<u8> {
            amount.encode()
        }

        /// The `Name` spelled by `text` (such as `repay`, `cancel`, `loan`, `engagement_due`),
        /// for the messages that take a name: `process_custom_event`, `process_scheduled_event`,
        /// `scheduled_event`, `custom_data`. Errors: `InvalidParameters` for text longer than 32
        /// bytes or empty.
        #[ink(message)]
        pub fn name(&self, text: String) -> Result<Name, InstrumentError> {
            Name::from_text(&text).ok_or(InstrumentError::InvalidParameters)
        }

        /// The loan in the bytes `InstrumentManager::custom_data(issuance, "loan")` returned:
        /// its kind, the maker's offer, the maker, when the offer expires, the collateral
        /// locked, and once engaged the taker, the interest and the due time (milliseconds).
        /// Errors: `InvalidParameters` unless the bytes are exactly one loan.
        #[ink(message)]
        pub fn loan(&self, data: Vec<u8>) -> Result<Loan, InstrumentError> {
            decode_loan(&data).map_err(|_| InstrumentError::InvalidParameters)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::scale::Decode;
        use traits::{AccountId, Asset};

        fn params() -> LendingParams {
            LendingParams {
                lending_asset: Asset::Token(AccountId::from([1; 32])),
                principal: 10_000 * 10u128.pow(18),
                collateral_asset: Asset::Native,
                collateral_ratio: 15_000,
                collateral_bound: 0,
                tenor_days: 30,
                interest_rate: 1_000,
                issuance_duration_days: 7,
            }
        }

        #[ink::test]
        fn an_offer_is_the_bytes_the_instrument_decodes() {
            let bytes = LendingForms::new().offer(params());
            assert_eq!(LendingParams::decode(&mut &bytes[..]), Ok(params()));
            assert_eq!(bytes, params().encode());
        }

        #[ink::test]
        fn payloads_and_names() {
            let forms = LendingForms::new();
            assert!(forms.engagement().is_empty());
            assert_eq!(forms.repayment(10_300), 10_300u128.encode());
            assert_eq!(forms.name("repay".into()), Ok(lending_logic::REPAY));
            assert_eq!(
                forms.name("".into()),
                Err(InstrumentError::InvalidParameters)
            );
            let long = "x".repeat(traits::NAME_LEN + 1);
            assert_eq!(forms.name(long), Err(InstrumentError::InvalidParameters));
        }

        #[ink::test]
        fn bytes_that_are_no_loan_are_refused() {
            let forms = LendingForms::new();
            assert_eq!(
                forms.loan(vec![1, 2, 3]),
                Err(InstrumentError::InvalidParameters)
            );
        }
    }
}
