/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::cheque::ChequeInstrumentRef;

#[instrument_settings::instrument]
#[ink::contract]
mod cheque {
    use ink::{contract_ref, prelude::vec::Vec};
    use instrument_settings::InstrumentSettings;
    use traits::{calls::instantiate, InstrumentError, InstrumentV3, Issuance, IssuanceContext};

    #[ink(storage)]
    pub struct ChequeInstrument {
        settings: InstrumentSettings,
        issuance_code: Hash,
    }

    impl ChequeInstrument {
        /// An instrument owned by the caller (the FSP) that makes one `cheque_issuance`
        /// contract per issuance from `issuance_code` (that contract's code hash, uploaded
        /// first).
        #[ink(constructor)]
        pub fn new(issuance_code: Hash) -> Self {
            Self {
                settings: InstrumentSettings::new(Self::env().caller()),
                issuance_code,
            }
        }
    }

    impl InstrumentV3 for ChequeInstrument {
        /// Instantiates a `cheque_issuance` contract for the calling manager, its only caller
        /// from then on. Caller: a manager. Errors: `IssuanceInstantiationFailed`.
        #[ink(message)]
        fn new_issuance(&mut self, context: IssuanceContext) -> Result<AccountId, InstrumentError> {
            // The instance belongs to whoever asks: a manager gets an instance only it can call.
            let manager = self.env().caller();
            let mut salt: Vec<u8> = AsRef::<[u8]>::as_ref(&manager).to_vec();
            salt.extend_from_slice(&context.issuance_id.to_le_bytes());
            instantiate::<contract_ref!(Issuance)>(self.issuance_code, &salt, manager)
                .ok_or(InstrumentError::IssuanceInstantiationFailed)
        }
    }
}
