//! The lending instrument on interface v3 (docs/SPEC.md §8): the FSP's access point (whitelists,
//! fees, price oracle, issuance-duration terms) and the factory that instantiates one
//! `lending_issuance_v3` contract per issuance, owned by the calling manager.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::lending_v3::LendingV3Ref;

#[instrument_settings::instrument]
#[ink::contract]
mod lending_v3 {
    use ink::{contract_ref, prelude::vec::Vec};
    use instrument_settings::InstrumentSettings;
    use lending_logic::LendingTerms;
    use traits::{calls::instantiate, InstrumentError, InstrumentV3, Issuance, IssuanceContext};

    #[ink(storage)]
    pub struct LendingV3 {
        settings: InstrumentSettings,
        issuance_code: Hash,
        oracle: AccountId,
        terms: LendingTerms,
    }

    impl LendingV3 {
        /// A lending instrument owned by the caller (the FSP), creating issuances from
        /// `issuance_code` (the `lending_issuance_v3` contract), pricing collateral with `oracle`
        /// and checking offers against `terms`; oracle and terms are fixed for the instrument's
        /// life (another instrument is activated for other terms). Errors: `InvalidParameters`
        /// unless the terms are consistent.
        #[ink(constructor)]
        pub fn new(
            issuance_code: Hash,
            oracle: AccountId,
            terms: LendingTerms,
        ) -> Result<Self, InstrumentError> {
            Ok(Self {
                settings: InstrumentSettings::new(Self::env().caller()),
                issuance_code,
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

    impl InstrumentV3 for LendingV3 {
        /// Instantiates a `lending_issuance_v3` contract for the calling manager (its only
        /// caller from then on) with this instrument's oracle and terms. Caller: a manager.
        /// Errors: `IssuanceInstantiationFailed`.
        #[ink(message)]
        fn new_issuance(&mut self, context: IssuanceContext) -> Result<AccountId, InstrumentError> {
            // The instance belongs to whoever asks: a manager gets an instance only it can call.
            let manager = self.env().caller();
            let mut salt: Vec<u8> = AsRef::<[u8]>::as_ref(&manager).to_vec();
            salt.extend_from_slice(&context.issuance_id.to_le_bytes());
            instantiate::<contract_ref!(Issuance)>(
                self.issuance_code,
                &salt,
                (manager, self.oracle, self.terms),
            )
            .ok_or(InstrumentError::IssuanceInstantiationFailed)
        }
    }
}
