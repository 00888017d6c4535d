//! Instrument manager v1 (docs/SPEC.md §4): the manager keeps each issuance's data as a byte blob
//! of at most `MAX_ISSUANCE_DATA_LEN` bytes; the instrument is stateless for issuances (its
//! messages are `&self`): each call gets the context and the current blob and returns the Outcome
//! and the new blob. The blob is stored only when the Outcome passes the rules (a refused Outcome
//! reverts the whole call, the new blob with it). The most secure version: FSP code never holds or
//! changes issuance data outside a manager call; suited to small data. Everything else is the
//! shared core.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{
    codegen::TraitCallBuilder, contract_ref, env::DefaultEnvironment, prelude::vec::Vec,
    storage::Mapping,
};
use instrument_manager_core::{instrument_reply, IssuanceData, Operation};
use traits::{
    calls::invoke_untrusted, AccountId, DomainSetup, InstrumentV1, IssuanceContext, IssuanceId,
    IssuanceRecord, ManagerError, Name, Outcome, MAX_ISSUANCE_DATA_LEN,
};

type InstrumentRef = contract_ref!(InstrumentV1, DefaultEnvironment);

/// Issuance data as blobs kept by the manager, one per issuance.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Blobs {
    blobs: Mapping<IssuanceId, Vec<u8>>,
}

impl Blobs {
    /// Keeps `blob` as issuance `issuance_id`'s data; `TooLarge` over the bound.
    fn keep(&mut self, issuance_id: IssuanceId, blob: Vec<u8>) -> Result<(), ManagerError> {
        let fits = u32::try_from(blob.len()).is_ok_and(|len| len <= MAX_ISSUANCE_DATA_LEN);
        if !fits {
            return Err(ManagerError::TooLarge);
        }
        self.blobs.insert(issuance_id, &blob);
        Ok(())
    }

    fn blob(&self, issuance_id: IssuanceId) -> Vec<u8> {
        self.blobs.get(issuance_id).unwrap_or_default()
    }
}

impl IssuanceData for Blobs {
    fn create(
        &mut self,
        setup: &DomainSetup,
        context: &IssuanceContext,
        params: Vec<u8>,
    ) -> Result<(Outcome, Option<AccountId>), ManagerError> {
        let instrument: InstrumentRef = setup.instrument.into();
        let (outcome, blob) =
            instrument_reply(invoke_untrusted(instrument.call().create(*context, params)))?;
        self.keep(context.issuance_id, blob)?;
        Ok((outcome, None))
    }

    fn operate(
        &mut self,
        setup: &DomainSetup,
        context: &IssuanceContext,
        operation: Operation,
    ) -> Result<Outcome, ManagerError> {
        let instrument: InstrumentRef = setup.instrument.into();
        let call = instrument.call();
        let (ctx, data) = (*context, self.blob(context.issuance_id));
        let (outcome, blob) = instrument_reply(match operation {
            Operation::Engage(params) => invoke_untrusted(call.engage(ctx, data, params)),
            Operation::Deposit(asset, amount) => {
                invoke_untrusted(call.deposit(ctx, data, asset, amount))
            }
            Operation::Withdraw(asset, amount) => {
                invoke_untrusted(call.withdraw(ctx, data, asset, amount))
            }
            Operation::ScheduledEvent(name, payload) => {
                invoke_untrusted(call.process_scheduled_event(ctx, data, name, payload))
            }
            Operation::CustomEvent(name, payload) => {
                invoke_untrusted(call.process_custom_event(ctx, data, name, payload))
            }
            Operation::Renew(params) => invoke_untrusted(call.renew(ctx, data, params)),
        })?;
        self.keep(context.issuance_id, blob)?;
        Ok(outcome)
    }

    fn close(
        &mut self,
        issuance_id: IssuanceId,
        _: &IssuanceRecord,
        _: AccountId,
    ) -> Result<bool, ManagerError> {
        self.blobs.remove(issuance_id);
        Ok(true)
    }

    fn custom_data(
        &self,
        setup: &DomainSetup,
        issuance_id: IssuanceId,
        _: &IssuanceRecord,
        name: Name,
    ) -> Result<Vec<u8>, ManagerError> {
        let instrument: InstrumentRef = setup.instrument.into();
        let data = self.blob(issuance_id);
        instrument_reply(invoke_untrusted(instrument.call().custom_data(data, name)))
    }
}

/// The call builder of this contract (constructor and messages), for clients and tests.
pub use self::instrument_manager_v1::InstrumentManagerV1Ref;

instrument_manager_core::manager_contract! {
    /// The v1 manager contract: the shared core over [`Blobs`].
    mod instrument_manager_v1 { storage: InstrumentManagerV1, data: Blobs }
}
