//! The lending instrument on interface v3 (SPEC §8): the FSP's access point (whitelists, fees,
//! price oracle, issuance-duration terms) and the factory that instantiates one
//! `lending_issuance` contract per issuance, owned by the calling manager.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod lending_v3 {
    use ink::{contract_ref, prelude::vec::Vec};
    use instrument_settings::InstrumentSettings;
    use lending_logic::LendingTerms;
    use nuts_traits::{
        calls::instantiate, Fee, Instrument, InstrumentError, InstrumentV3, Issuance,
        IssuanceContext,
    };

    #[ink(storage)]
    pub struct LendingV3 {
        settings: InstrumentSettings,
        issuance_code: Hash,
        oracle: AccountId,
        terms: LendingTerms,
    }

    impl LendingV3 {
        /// A lending instrument owned by the caller (the FSP), creating issuances from
        /// `issuance_code` (the `lending_issuance` contract) and pricing collateral with `oracle`.
        #[ink(constructor)]
        pub fn new(issuance_code: Hash, oracle: AccountId) -> Self {
            Self {
                settings: InstrumentSettings::new(Self::env().caller()),
                issuance_code,
                oracle,
                terms: LendingTerms::default(),
            }
        }

        /// The issuance-duration bounds new issuances are checked against.
        #[ink(message)]
        pub fn terms(&self) -> LendingTerms {
            self.terms
        }

        /// Sets the issuance-duration bounds for issuances created from now on.
        /// Caller: the owner. Errors: `NotOwner`, `InvalidParameters` (unless `1 <= min <= max`).
        #[ink(message)]
        pub fn set_terms(&mut self, terms: LendingTerms) -> Result<(), InstrumentError> {
            self.settings.ensure_owner(self.env().caller())?;
            if !terms.is_valid() {
                return Err(InstrumentError::InvalidParameters);
            }
            self.terms = terms;
            Ok(())
        }

        /// The price oracle new issuances use.
        #[ink(message)]
        pub fn oracle(&self) -> AccountId {
            self.oracle
        }

        /// Sets the price oracle for issuances created from now on. Caller: the owner.
        /// Errors: `NotOwner`.
        #[ink(message)]
        pub fn set_oracle(&mut self, oracle: AccountId) -> Result<(), InstrumentError> {
            self.settings.ensure_owner(self.env().caller())?;
            self.oracle = oracle;
            Ok(())
        }
    }

    impl InstrumentV3 for LendingV3 {
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

    impl Instrument for LendingV3 {
        #[ink(message)]
        fn owner(&self) -> AccountId {
            self.settings.owner()
        }

        #[ink(message)]
        fn is_maker_allowed(&self, maker: AccountId) -> bool {
            self.settings.is_maker_allowed(maker)
        }

        #[ink(message)]
        fn is_taker_allowed(&self, taker: AccountId) -> bool {
            self.settings.is_taker_allowed(taker)
        }

        #[ink(message)]
        fn maker_fee(&self) -> Option<Fee> {
            self.settings.maker_fee()
        }

        #[ink(message)]
        fn taker_fee(&self) -> Option<Fee> {
            self.settings.taker_fee()
        }

        #[ink(message)]
        fn fee_recipient(&self) -> AccountId {
            self.settings.fee_recipient()
        }

        #[ink(message)]
        fn set_maker_whitelist_enabled(&mut self, enabled: bool) -> Result<(), InstrumentError> {
            self.settings
                .set_maker_whitelist_enabled(self.env().caller(), enabled)
        }

        #[ink(message)]
        fn set_maker_allowed(
            &mut self,
            maker: AccountId,
            allowed: bool,
        ) -> Result<(), InstrumentError> {
            self.settings
                .set_maker_allowed(self.env().caller(), maker, allowed)
        }

        #[ink(message)]
        fn set_taker_whitelist_enabled(&mut self, enabled: bool) -> Result<(), InstrumentError> {
            self.settings
                .set_taker_whitelist_enabled(self.env().caller(), enabled)
        }

        #[ink(message)]
        fn set_taker_allowed(
            &mut self,
            taker: AccountId,
            allowed: bool,
        ) -> Result<(), InstrumentError> {
            self.settings
                .set_taker_allowed(self.env().caller(), taker, allowed)
        }

        #[ink(message)]
        fn set_fees(
            &mut self,
            maker_fee: Option<Fee>,
            taker_fee: Option<Fee>,
        ) -> Result<(), InstrumentError> {
            self.settings
                .set_fees(self.env().caller(), maker_fee, taker_fee)
        }

        #[ink(message)]
        fn set_fee_recipient(&mut self, recipient: AccountId) -> Result<(), InstrumentError> {
            self.settings
                .set_fee_recipient(self.env().caller(), recipient)
        }
    }
}
