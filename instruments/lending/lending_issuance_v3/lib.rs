//! One lending issuance on interface v3: holds the loan and applies `lending_logic` to it.
//! Instantiated by the lending instrument for a manager, which is its only caller.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod lending_issuance_v3 {
    use ink::prelude::vec::Vec;
    use lending_logic::{oracle_rate, LendingTerms, Loan, LoanKind};
    use traits::{Asset, InstrumentError, Issuance, IssuanceContext, Name, Outcome};

    #[ink(storage)]
    pub struct LendingIssuance {
        manager: AccountId,
        oracle: AccountId,
        terms: LendingTerms,
        loan: Option<Loan>,
    }

    impl LendingIssuance {
        /// An empty issuance callable only by `manager`.
        #[ink(constructor)]
        pub fn new(manager: AccountId, oracle: AccountId, terms: LendingTerms) -> Self {
            Self {
                manager,
                oracle,
                terms,
                loan: None,
            }
        }

        fn ensure_manager(&self) -> Result<(), InstrumentError> {
            if self.env().caller() == self.manager {
                Ok(())
            } else {
                Err(InstrumentError::NotManager)
            }
        }

        fn loan(&self) -> Result<Loan, InstrumentError> {
            self.ensure_manager()?;
            self.loan.ok_or(InstrumentError::InvalidState)
        }
    }

    impl Issuance for LendingIssuance {
        /// Creates the issuance from `params`.
        #[ink(message)]
        fn create(
            &mut self,
            context: IssuanceContext,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            self.ensure_manager()?;
            if self.loan.is_some() {
                return Err(InstrumentError::InvalidState);
            }
            let (loan, outcome) = lending_logic::create(
                &context,
                LoanKind::Lending,
                &params,
                self.terms,
                self.oracle,
                oracle_rate,
            )?;
            self.loan = Some(loan);
            Ok(outcome)
        }

        /// Engages the issuance.
        #[ink(message)]
        fn engage(
            &mut self,
            context: IssuanceContext,
            _params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let mut loan = self.loan()?;
            let outcome = lending_logic::engage(&context, &mut loan, oracle_rate)?;
            self.loan = Some(loan);
            Ok(outcome)
        }

        /// Handles a deposit offered by the caller.
        #[ink(message)]
        fn deposit(
            &mut self,
            _context: IssuanceContext,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            self.loan()?;
            Err(InstrumentError::Unsupported)
        }

        /// Handles a withdrawal asked by the caller.
        #[ink(message)]
        fn withdraw(
            &mut self,
            _context: IssuanceContext,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            self.loan()?;
            Err(InstrumentError::Unsupported)
        }

        /// Handles a due scheduled event.
        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            context: IssuanceContext,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            lending_logic::process_scheduled_event(&context, &self.loan()?, name)
        }

        /// Handles a custom event.
        #[ink(message)]
        fn process_custom_event(
            &mut self,
            context: IssuanceContext,
            name: Name,
            payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            lending_logic::process_custom_event(&context, &self.loan()?, name, &payload)
        }

        /// Renews the issuance.
        #[ink(message)]
        fn renew(
            &mut self,
            context: IssuanceContext,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let mut loan = self.loan()?;
            let outcome = lending_logic::renew(&context, &mut loan, &params)?;
            self.loan = Some(loan);
            Ok(outcome)
        }

        /// Reads datum `name`. Errors: `UnknownEvent`.
        #[ink(message)]
        fn custom_data(&self, name: Name) -> Result<Vec<u8>, InstrumentError> {
            lending_logic::custom_data(&self.loan()?, name)
        }

        /// Terminates the instance once its issuance closes, so its storage deposit goes back
        /// to the maker (the origin of the manager's `close_issuance`). Caller: the manager.
        /// Errors: `NotManager`. Returns nothing on success: the contract is gone.
        #[ink(message)]
        fn close(&mut self, beneficiary: AccountId) -> Result<(), InstrumentError> {
            self.ensure_manager()?;
            self.env().terminate_contract(beneficiary)
        }
    }
}
