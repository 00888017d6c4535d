//! Instrument manager v3 (SPEC §4): for each issuance the instrument creates an Issuance contract
//! (from its issuance code hash) that holds the issuance's data and logic; the manager owns it
//! and is its only caller. Security is the lowest of the three versions (FSP code holds the
//! data), suited to large data and trusted FSPs. Everything else is the shared core.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract]
mod manager_v3 {
    use ink::{codegen::TraitCallBuilder, contract_ref, prelude::vec::Vec};
    use manager_core::{Domain, IssuanceData, Operation};
    use nuts_traits::{
        calls::answered, Asset, DomainSetup, EngagementId, EngagementRecord, InstrumentError,
        InstrumentManager, InstrumentV3, Issuance, IssuanceContext, IssuanceId, IssuanceRecord,
        ManagerError, Name, Outcome,
    };

    type IssuanceRef = contract_ref!(Issuance);

    #[ink(storage)]
    pub struct ManagerV3 {
        domain: Domain,
    }

    /// Issuance data in per-issuance contracts created by the instrument.
    struct Instances {
        instrument: AccountId,
    }

    fn instrument_reply<T>(
        reply: Result<ink::MessageResult<Result<T, InstrumentError>>, ink::env::Error>,
    ) -> Result<T, ManagerError> {
        answered(reply)
            .ok_or(ManagerError::InstrumentCallFailed)?
            .map_err(ManagerError::Instrument)
    }

    fn instance(issuance: &IssuanceRecord) -> Result<IssuanceRef, ManagerError> {
        // Every v3 issuance records its instance at creation.
        issuance
            .data_contract
            .map(Into::into)
            .ok_or(ManagerError::InstrumentCallFailed)
    }

    impl IssuanceData for Instances {
        fn create(
            &mut self,
            context: &IssuanceContext,
            params: Vec<u8>,
        ) -> Result<(Outcome, Option<AccountId>), ManagerError> {
            let mut instrument: contract_ref!(InstrumentV3) = self.instrument.into();
            let address =
                instrument_reply(instrument.call_mut().new_issuance(*context).try_invoke())?;
            let mut issuance: IssuanceRef = address.into();
            let outcome =
                instrument_reply(issuance.call_mut().create(*context, params).try_invoke())?;
            Ok((outcome, Some(address)))
        }

        fn operate(
            &mut self,
            context: &IssuanceContext,
            operation: Operation,
        ) -> Result<Outcome, ManagerError> {
            let mut issuance = instance(&context.issuance)?;
            let call = issuance.call_mut();
            let ctx = *context;
            instrument_reply(match operation {
                Operation::Engage(params) => call.engage(ctx, params).try_invoke(),
                Operation::Deposit(asset, amount) => call.deposit(ctx, asset, amount).try_invoke(),
                Operation::Withdraw(asset, amount) => {
                    call.withdraw(ctx, asset, amount).try_invoke()
                }
                Operation::ScheduledEvent(name, payload) => call
                    .process_scheduled_event(ctx, name, payload)
                    .try_invoke(),
                Operation::CustomEvent(name, payload) => {
                    call.process_custom_event(ctx, name, payload).try_invoke()
                }
                Operation::Renew(params) => call.renew(ctx, params).try_invoke(),
            })
        }

        fn custom_data(
            &self,
            _: IssuanceId,
            issuance: &IssuanceRecord,
            name: Name,
        ) -> Result<Vec<u8>, ManagerError> {
            instrument_reply(instance(issuance)?.call().custom_data(name).try_invoke())
        }
    }

    impl ManagerV3 {
        /// A new instrument domain, with its instrument escrow. Called by the registry.
        #[ink(constructor)]
        pub fn new(setup: DomainSetup) -> Result<Self, ManagerError> {
            Ok(Self {
                domain: Domain::new(setup)?,
            })
        }

        fn data(&self) -> Instances {
            Instances {
                instrument: self.domain.setup().instrument,
            }
        }
    }

    impl InstrumentManager for ManagerV3 {
        #[ink(message)]
        fn create_issuance(&mut self, params: Vec<u8>) -> Result<IssuanceId, ManagerError> {
            self.domain.create_issuance(&mut self.data(), params)
        }

        #[ink(message)]
        fn engage_issuance(
            &mut self,
            issuance_id: IssuanceId,
            params: Vec<u8>,
        ) -> Result<EngagementId, ManagerError> {
            self.domain
                .engage_issuance(&mut self.data(), issuance_id, params)
        }

        #[ink(message)]
        fn deposit_to_issuance(
            &mut self,
            issuance_id: IssuanceId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), ManagerError> {
            self.domain.operate(
                &mut self.data(),
                issuance_id,
                None,
                Operation::Deposit(asset, amount),
            )
        }

        #[ink(message)]
        fn withdraw_from_issuance(
            &mut self,
            issuance_id: IssuanceId,
            asset: Asset,
            amount: Balance,
        ) -> Result<(), ManagerError> {
            self.domain.operate(
                &mut self.data(),
                issuance_id,
                None,
                Operation::Withdraw(asset, amount),
            )
        }

        #[ink(message)]
        fn process_scheduled_event(
            &mut self,
            issuance_id: IssuanceId,
            engagement_id: Option<EngagementId>,
            name: Name,
        ) -> Result<(), ManagerError> {
            self.domain
                .process_scheduled_event(&mut self.data(), issuance_id, engagement_id, name)
        }

        #[ink(message)]
        fn process_custom_event(
            &mut self,
            issuance_id: IssuanceId,
            engagement_id: Option<EngagementId>,
            name: Name,
            payload: Vec<u8>,
        ) -> Result<(), ManagerError> {
            self.domain.operate(
                &mut self.data(),
                issuance_id,
                engagement_id,
                Operation::CustomEvent(name, payload),
            )
        }

        #[ink(message)]
        fn renew_issuance(
            &mut self,
            issuance_id: IssuanceId,
            params: Vec<u8>,
        ) -> Result<(), ManagerError> {
            self.domain.operate(
                &mut self.data(),
                issuance_id,
                None,
                Operation::Renew(params),
            )
        }

        #[ink(message)]
        fn deactivate(&mut self) -> Result<(), ManagerError> {
            self.domain.deactivate()
        }

        #[ink(message)]
        fn is_active(&self) -> bool {
            self.domain.is_active()
        }

        #[ink(message)]
        fn issuance(&self, issuance_id: IssuanceId) -> Option<IssuanceRecord> {
            self.domain.issuance(issuance_id)
        }

        #[ink(message)]
        fn engagement(
            &self,
            issuance_id: IssuanceId,
            engagement_id: EngagementId,
        ) -> Option<EngagementRecord> {
            self.domain.engagement(issuance_id, engagement_id)
        }

        #[ink(message)]
        fn issuance_count(&self) -> IssuanceId {
            self.domain.issuance_count()
        }

        #[ink(message)]
        fn instrument_escrow(&self) -> AccountId {
            self.domain.instrument_escrow()
        }

        #[ink(message)]
        fn setup(&self) -> DomainSetup {
            self.domain.setup()
        }

        #[ink(message)]
        fn scheduled_event(
            &self,
            issuance_id: IssuanceId,
            engagement_id: Option<EngagementId>,
            name: Name,
        ) -> Option<Timestamp> {
            self.domain
                .scheduled_event(issuance_id, engagement_id, name)
        }

        #[ink(message)]
        fn custom_data(
            &self,
            issuance_id: IssuanceId,
            name: Name,
        ) -> Result<Vec<u8>, ManagerError> {
            self.domain.custom_data(&self.data(), issuance_id, name)
        }
    }
}
