/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::cheque::ChequeInstrumentRef;

#[instrument_settings::instrument]
#[ink::contract]
mod cheque {
    use super::{cash, create, on_custom, on_scheduled, Cheque};
    use ink::{prelude::vec::Vec, scale::Encode};
    use instrument_settings::InstrumentSettings;
    use offer_logic::decode_exact;
    use traits::{
        calls::{storage_get, storage_set},
        Asset, InstrumentError, InstrumentV2, IssuanceContext, Name, Outcome,
    };

    /// Where an issuance's data lives in its IssuanceStorage.
    const DATA: Name = Name::new("cheque");

    /// The issuance's data; `StorageFailed` if the storage cannot be read, `InvalidState` if
    /// the data is absent or not what `create` wrote.
    fn load(storage: AccountId) -> Result<Cheque, InstrumentError> {
        decode_exact(&storage_get(storage, DATA)?, InstrumentError::InvalidState)
    }

    #[ink(storage)]
    pub struct ChequeInstrument {
        settings: InstrumentSettings,
    }

    impl Default for ChequeInstrument {
        fn default() -> Self {
            Self::new()
        }
    }

    impl ChequeInstrument {
        /// An instrument owned by the caller (the FSP).
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                settings: InstrumentSettings::new(Self::env().caller()),
            }
        }
    }

    impl InstrumentV2 for ChequeInstrument {
        /// Makes an issuance from `params` and writes its data to `storage`. Caller: the
        /// manager, which grants this contract write access for the call. Errors:
        /// `InvalidParameters`, `StorageFailed`.
        #[ink(message)]
        fn create(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            let (cheque, outcome) = create(&context, &params)?;
            storage_set(storage, DATA, cheque.encode())?;
            Ok(outcome)
        }

        /// Engages the issuance. Errors: `NotAllowed`, `InvalidState`, `TooLate`,
        /// `StorageFailed`.
        #[ink(message)]
        fn engage(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            _params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            cash(&context, &load(storage)?)
        }

        /// No deposits. Errors: `Unsupported`.
        #[ink(message)]
        fn deposit(
            &mut self,
            _context: IssuanceContext,
            _storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            Err(InstrumentError::Unsupported)
        }

        /// No withdrawals. Errors: `Unsupported`.
        #[ink(message)]
        fn withdraw(
            &mut self,
            _context: IssuanceContext,
            _storage: AccountId,
            _asset: Asset,
            _amount: Balance,
        ) -> Result<Outcome, InstrumentError> {
            Err(InstrumentError::Unsupported)
        }

        /// `issuance_due`: an issuance nobody engaged expires, the amount goes back.
        /// Errors: `InvalidState`, `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            on_scheduled(&context, &load(storage)?, name)
        }

        /// `cancel` (the maker, before an engagement). Errors: `NotAllowed`, `InvalidState`,
        /// `UnknownEvent`, `StorageFailed`.
        #[ink(message)]
        fn process_custom_event(
            &mut self,
            context: IssuanceContext,
            storage: AccountId,
            name: Name,
            _payload: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            on_custom(&context, &load(storage)?, name)
        }

        /// No renewals. Errors: `Unsupported`.
        #[ink(message)]
        fn renew(
            &mut self,
            _context: IssuanceContext,
            _storage: AccountId,
            _params: Vec<u8>,
        ) -> Result<Outcome, InstrumentError> {
            Err(InstrumentError::Unsupported)
        }

        /// No published data. Errors: `UnknownEvent`.
        #[ink(message)]
        fn custom_data(
            &self,
            _storage: AccountId,
            _name: Name,
        ) -> Result<Vec<u8>, InstrumentError> {
            Err(InstrumentError::UnknownEvent)
        }
    }
}
