//! One issuance of `cheque` on interface v3: holds the issuance's data and applies the
//! rules of the `cheque` crate to it. Instantiated by the instrument for a manager, its only
//! caller.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod cheque_issuance {
    use cheque::{cash, create, on_custom, on_scheduled, Cheque};
    use ink::prelude::vec::Vec;
    use traits::{Asset, InstrumentError, Issuance, IssuanceContext, Name, Outcome};

    #[ink(storage)]
    pub struct ChequeIssuance {
        manager: AccountId,
        cheque: Option<Cheque>,
    }

    impl ChequeIssuance {
        /// An empty issuance callable only by `manager`.
        #[ink(constructor)]
        pub fn new(manager: AccountId) -> Self {
            Self {
                manager,
                cheque: None,
            }
        }

        fn ensure_manager(&self) -> Result<(), InstrumentError> {
            if self.env().caller() == self.manager {
                Ok(())
            } else {
                Err(InstrumentError::NotManager)
            }
        }

        /// The issuance's data, for the manager only; `InvalidState` before `create`.
        fn cheque(&self) -> Result<Cheque, InstrumentError> {
            self.ensure_manager()?;
            self.cheque.ok_or(InstrumentError::InvalidState)
        }
    }

    impl Issuance for ChequeIssuance {
        /// Makes the issuance from `params`, once. Errors: `NotManager`, `InvalidState`,
        /// `InvalidParameters`.
        #[ink(message)]
        fn create(
            &mut self,
            context: IssuanceContext,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            self.ensure_manager()?;
            if self.cheque.is_some() {
                return Err(InstrumentError::InvalidState);
            }
            let (cheque, outcome) = create(&context, &params)?;
            self.cheque = Some(cheque);
            Ok(outcome)
        }

        /// Engages the issuance. Errors: `NotManager`, `NotAllowed`, `InvalidState`, `TooLate`.
        #[ink(message)]
        fn engage(
            &mut self,
            context: IssuanceContext,
            _params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            cash(&context, &self.cheque()?)
        }

        /// No deposits. Errors: `NotManager`, `InvalidState`, `Unsupported`.
        #[ink(message)]
        fn deposit(
            &mut self,
            _context: IssuanceContext,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            self.cheque()?;
            Err(InstrumentError::Unsupported)
        }

        /// No withdrawals. Errors: `NotManager`, `InvalidState`, `Unsupported`.
        #[ink(message)]
        fn withdraw(
            &mut self,
            _context: IssuanceContext,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            self.cheque()?;
            Err(InstrumentError::Unsupported)
        }

        /// `issuance_due`: an issuance nobody engaged expires, the amount goes back.
        /// Errors: `NotManager`, `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            context: IssuanceContext,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            on_scheduled(&context, &self.cheque()?, name)
        }

        /// `cancel` (the maker, before an engagement). Errors: `NotManager`, `NotAllowed`,
        /// `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn process_custom_event(
            &mut self,
            context: IssuanceContext,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            on_custom(&context, &self.cheque()?, name)
        }

        /// No renewals. Errors: `NotManager`, `InvalidState`, `Unsupported`.
        #[ink(message)]
        fn renew(
            &mut self,
            _context: IssuanceContext,
            _params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            self.cheque()?;
            Err(InstrumentError::Unsupported)
        }

        /// No published data. Errors: `NotManager`, `InvalidState`, `UnknownEvent`.
        #[ink(message)]
        fn custom_data(&self, _name: Name) -> Result<Vec<u8>, InstrumentError> {
            self.cheque()?;
            Err(InstrumentError::UnknownEvent)
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
