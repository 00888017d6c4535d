//! The borrowing instrument on interface v1 (docs/SPEC.md §8): the mirror of lending. The maker
//! posts collateral at create (priced by the instrument's oracle then) and asks for a principal; a
//! taker lends it, paying it straight to the maker; the maker repays principal + interest before
//! `engagement_due`, or the collateral goes to the lender. The rules are `lending_logic`'s with
//! `LoanKind::Borrowing`, the same functions lending runs.
//!
//! Why v1: a loan is one small record (about 200 bytes) that only the manager's calls change,
//! so the manager's blob is the cheapest place for it: no storage contract or issuance contract
//! is instantiated per issuance (see the lending v1/v2/v3 comparison in the README).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::borrowing_v1::BorrowingV1Ref;

#[instrument_settings::instrument]
#[ink::contract]
mod borrowing_v1 {
    use ink::{prelude::vec::Vec, scale::Encode};
    use instrument_settings::InstrumentSettings;
    use lending_logic::{decode_loan, oracle_rate, LendingTerms, LoanKind};
    use traits::{Asset, InstrumentError, InstrumentV1, IssuanceContext, Name, Outcome};

    /// An Outcome and the issuance's new blob.
    type Reply = Result<(Outcome, Vec<u8>), InstrumentError>;

    #[ink(storage)]
    pub struct BorrowingV1 {
        settings: InstrumentSettings,
        oracle: AccountId,
        terms: LendingTerms,
    }

    impl BorrowingV1 {
        /// An instrument owned by the caller (the FSP), pricing collateral with
        /// `oracle` and checking offers against `terms`; both are fixed for the
        /// instrument's life (another instrument is activated for other terms).
        /// Errors: `InvalidParameters` unless the terms are consistent.
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

        /// The price oracle collateral is priced with. Anyone.
        #[ink(message)]
        pub fn oracle(&self) -> AccountId {
            self.oracle
        }
    }

    impl InstrumentV1 for BorrowingV1 {
        /// Makes an offer from `params` (SCALE `LendingParams`): what the maker locks
        /// (lending: the principal; borrowing: the collateral, priced now) moves in; the
        /// offer is `Engageable` until `issuance_due`. Caller: the manager. Errors:
        /// `InvalidParameters`, `OracleFailed` (borrowing), `Overflow`.
        #[ink(message)]
        fn create(&self, context: IssuanceContext, params: Vec<u8>) -> Reply {
            let (loan, outcome) = lending_logic::create(
                &context,
                LoanKind::Borrowing,
                &params,
                self.terms,
                self.oracle,
                oracle_rate,
            )?;
            Ok((outcome, loan.encode()))
        }

        /// Engages the offer: lending: the taker's collateral (priced now by the
        /// loan's oracle) moves in and the principal goes to the taker; borrowing: the
        /// taker pays the principal to the maker. The loan runs for its tenor. Caller:
        /// the manager. Errors: `InvalidState`, `TooLate`, `NotAllowed` (the maker),
        /// `OracleFailed` (lending), `Overflow`.
        #[ink(message)]
        fn engage(&self, context: IssuanceContext, data: Vec<u8>, _params: Vec<u8>) -> Reply {
            let mut loan = decode_loan(&data)?;
            let outcome = lending_logic::engage(&context, &mut loan, oracle_rate)?;
            Ok((outcome, loan.encode()))
        }

        /// Loans take no deposits. Errors: `Unsupported` (`InvalidState` for a bad
        /// blob).
        #[ink(message)]
        fn deposit(
            &self,
            _context: IssuanceContext,
            data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Reply {
            decode_loan(&data)?;
            Err(InstrumentError::Unsupported)
        }

        /// Loans allow no withdrawals. Errors: `Unsupported` (`InvalidState` for a bad
        /// blob).
        #[ink(message)]
        fn withdraw(
            &self,
            _context: IssuanceContext,
            data: Vec<u8>,
            _asset: Asset,
            _amount: Balance,
        ) -> Reply {
            decode_loan(&data)?;
            Err(InstrumentError::Unsupported)
        }

        /// `issuance_due` (what the maker locked goes back) or `engagement_due` (an
        /// unpaid loan's collateral goes to the lender). Caller: the manager. Errors:
        /// `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn process_scheduled_event(
            &self,
            context: IssuanceContext,
            data: Vec<u8>,
            name: Name,
            _payload: Vec<u8>,
        ) -> Reply {
            let loan = decode_loan(&data)?;
            let outcome = lending_logic::process_scheduled_event(&context, &loan, name)?;
            Ok((outcome, data))
        }

        /// `cancel` (the maker, nobody engaged) or `repay` (the borrower: the taker in
        /// lending, the maker in borrowing; payload: the amount). Caller: the manager.
        /// Errors: `NotAllowed`, `InvalidState`, `TooLate`, `WrongAmount`,
        /// `InvalidParameters`, `UnknownEvent`.
        #[ink(message)]
        fn process_custom_event(
            &self,
            context: IssuanceContext,
            data: Vec<u8>,
            name: Name,
            payload: Vec<u8>,
        ) -> Reply {
            let loan = decode_loan(&data)?;
            let outcome = lending_logic::process_custom_event(&context, &loan, name, &payload)?;
            Ok((outcome, data))
        }

        /// Moves `issuance_due` later by `params` (`u32` days). Caller: the manager.
        /// Errors: `NotAllowed`, `InvalidState`, `TooLate`, `InvalidParameters`.
        #[ink(message)]
        fn renew(&self, context: IssuanceContext, data: Vec<u8>, params: Vec<u8>) -> Reply {
            let mut loan = decode_loan(&data)?;
            let outcome = lending_logic::renew(&context, &mut loan, &params)?;
            Ok((outcome, loan.encode()))
        }

        /// Datum `loan`, `issuance_due` or `repay_amount` of the loan in `data`.
        /// Errors: `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn custom_data(&self, data: Vec<u8>, name: Name) -> Result<Vec<u8>, InstrumentError> {
            lending_logic::custom_data(&decode_loan(&data)?, name)
        }
    }
}
