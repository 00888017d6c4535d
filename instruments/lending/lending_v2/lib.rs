//! The lending instrument on interface v2 (docs/SPEC.md §4, §8): each issuance's loan (the
//! SCALE-encoded `Loan`) lives under the key `loan` in the issuance's own IssuanceStorage. The
//! manager makes this contract the storage's writer only for the duration of each call, so the loan
//! changes only while the manager asks. The rules are `lending_logic`'s, exactly as on v1 and v3.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::lending_v2::LendingV2Ref;

#[instrument_settings::instrument]
#[ink::contract]
mod lending_v2 {
    use ink::{prelude::vec::Vec, scale::Encode};
    use instrument_settings::InstrumentSettings;
    use lending_logic::{decode_loan, oracle_rate, LendingTerms, Loan, LoanKind, DATA_LOAN};
    use traits::{
        calls::{storage_get, storage_set},
        Asset, InstrumentError, InstrumentV2, IssuanceContext, Name, Outcome,
    };

    #[ink(storage)]
    pub struct LendingV2 {
        settings: InstrumentSettings,
        oracle: AccountId,
        terms: LendingTerms,
    }

    /// The loan kept in `storage`; `StorageFailed` if it cannot be read, `InvalidState` if absent.
    fn load(storage: AccountId) -> Result<Loan, InstrumentError> {
        decode_loan(&storage_get(storage, DATA_LOAN)?)
    }

    /// Writes `loan` to `storage`; `StorageFailed` if the storage refuses (e.g. no write grant).
    fn save(storage: AccountId, loan: &Loan) -> Result<(), InstrumentError> {
        storage_set(storage, DATA_LOAN, loan.encode())
    }

    impl LendingV2 {
        /// A lending instrument owned by the caller (the FSP), pricing collateral with
        /// `oracle` and checking offers against `terms`; both are fixed for the instrument's
        /// life (another instrument is activated for other terms). Errors:
        /// `InvalidParameters` unless the terms are consistent.
        #[ink(constructor)]
        pub fn new(oracle: AccountId, terms: LendingTerms) -> Result<Self, InstrumentError> {
            Ok(Self {
                settings: InstrumentSettings::new(Self::env().caller()),
                oracle,
                terms: terms.validated()?,
            })
        }

        /// The issuance-duration bounds offers are checked against. Anyone.
        #[ink(message)]
        pub fn terms(&self) -> LendingTerms {
            self.terms
        }

        /// The price oracle offers are priced with. Anyone.
        #[ink(message)]
        pub fn oracle(&self) -> AccountId {
            self.oracle
        }
    }

    impl InstrumentV2 for LendingV2 {
        /// Makes a loan offer from `params` (SCALE `LendingParams`) and writes it to `storage`:
        /// the principal moves in, the offer is `Engageable` until `issuance_due`. Caller: the
        /// manager. Errors: `InvalidParameters`, `Overflow`, `StorageFailed`.
        #[ink(message)]
        fn create(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let (loan, outcome) = lending_logic::create(
                &context,
                LoanKind::Lending,
                &params,
                self.terms,
                self.oracle,
                oracle_rate,
            )?;
            save(storage, &loan)?;
            Ok(outcome)
        }

        /// Engages the offer: the taker's collateral (priced by the loan's oracle) moves in,
        /// the principal goes to the taker. Caller: the manager. Errors: `InvalidState`,
        /// `TooLate`, `NotAllowed` (the maker), `OracleFailed`, `Overflow`, `StorageFailed`.
        #[ink(message)]
        fn engage(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            _params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let mut loan = load(storage)?;
            let outcome = lending_logic::engage(&context, &mut loan, oracle_rate)?;
            save(storage, &loan)?;
            Ok(outcome)
        }

        /// Loans take no deposits. Errors: `Unsupported`.
        #[ink(message)]
        fn deposit(
            &mut self,
            _context: IssuanceContext,
            storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            load(storage)?;
            Err(InstrumentError::Unsupported)
        }

        /// Loans allow no withdrawals. Errors: `Unsupported`.
        #[ink(message)]
        fn withdraw(
            &mut self,
            _context: IssuanceContext,
            storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            load(storage)?;
            Err(InstrumentError::Unsupported)
        }

        /// `issuance_due` (principal back) or `engagement_due` (collateral to the maker).
        /// Caller: the manager. Errors: `InvalidState`, `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            lending_logic::process_scheduled_event(&context, &load(storage)?, name)
        }

        /// `cancel` (maker) or `repay` (taker, payload: the amount). Caller: the manager.
        /// Errors: `NotAllowed`, `InvalidState`, `TooLate`, `WrongAmount`,
        /// `InvalidParameters`, `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn process_custom_event(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            name: Name,
            payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            lending_logic::process_custom_event(&context, &load(storage)?, name, &payload)
        }

        /// Moves `issuance_due` later by `params` (`u32` days). Caller: the manager.
        /// Errors: `NotAllowed`, `InvalidState`, `TooLate`, `InvalidParameters`,
        /// `StorageFailed`.
        #[ink(message)]
        fn renew(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let mut loan = load(storage)?;
            let outcome = lending_logic::renew(&context, &mut loan, &params)?;
            save(storage, &loan)?;
            Ok(outcome)
        }

        /// Datum `loan`, `issuance_due` or `repay_amount` of the loan in `storage`. Anyone.
        /// Errors: `InvalidState`, `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn custom_data(&self, storage: AccountId, name: Name) -> Result<Vec<u8>, InstrumentError> {
            lending_logic::custom_data(&load(storage)?, name)
        }
    }
}

#[cfg(all(test, feature = "e2e-tests"))]
mod e2e_tests;
