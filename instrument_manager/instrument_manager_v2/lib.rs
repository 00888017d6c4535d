//! Instrument manager v2 (docs/SPEC.md §4): each issuance's data lives in its own IssuanceStorage
//! contract, instantiated by the manager from the Config's code hash and owned by it. Just
//! before each instrument call the manager makes the instrument the storage's writer, and right
//! after the call it revokes that, whatever the call returned: FSP code writes issuance data only
//! while the manager asks it to. Medium security, suited to medium data. Everything else is the
//! shared core.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{codegen::TraitCallBuilder, contract_ref, env::DefaultEnvironment, prelude::vec::Vec};
use instrument_manager_core::{data_contract, instrument_reply, IssuanceData, Operation};
use traits::{
    calls::{answered, closed, instantiate, invoke_untrusted},
    AccountId, DomainSetup, InstrumentV2, IssuanceContext, IssuanceId, IssuanceRecord,
    IssuanceStorage, ManagerError, Name, Outcome,
};

type InstrumentRef = contract_ref!(InstrumentV2, DefaultEnvironment);
type StorageRef = contract_ref!(IssuanceStorage, DefaultEnvironment);

/// Issuance data in per-issuance storage contracts: nothing kept here.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Storages {}

/// Runs `call` with `instrument` as the writer of `storage`, and revokes the grant after it
/// whatever it returned.
fn with_writer<T>(
    storage: AccountId,
    instrument: AccountId,
    call: impl FnOnce() -> Result<T, ManagerError>,
) -> Result<T, ManagerError> {
    let mut storage: StorageRef = storage.into();
    let granted = storage.call_mut().grant_writer(instrument).try_invoke();
    answered(granted)
        .and_then(Result::ok)
        .ok_or(ManagerError::InstrumentCallFailed)?;
    let result = call();
    let revoked = storage.call_mut().revoke_writer().try_invoke();
    answered(revoked)
        .and_then(Result::ok)
        .ok_or(ManagerError::InstrumentCallFailed)?;
    result
}

impl IssuanceData for Storages {
    fn create(
        &mut self,
        setup: &DomainSetup,
        context: &IssuanceContext,
        params: Vec<u8>,
    ) -> Result<(Outcome, Option<AccountId>), ManagerError> {
        let code = setup
            .issuance_storage_code
            .ok_or(ManagerError::InstrumentCallFailed)?;
        let storage = instantiate::<StorageRef>(code, &context.issuance_id.to_le_bytes(), ())
            .ok_or(ManagerError::InstrumentCallFailed)?;
        let mut instrument: InstrumentRef = setup.instrument.into();
        let outcome = with_writer(storage, setup.instrument, || {
            instrument_reply(invoke_untrusted(
                instrument.call_mut().create(*context, storage, params),
            ))
        })?;
        Ok((outcome, Some(storage)))
    }

    fn operate(
        &mut self,
        setup: &DomainSetup,
        context: &IssuanceContext,
        operation: Operation,
    ) -> Result<Outcome, ManagerError> {
        let storage = data_contract(&context.issuance)?;
        let mut instrument: InstrumentRef = setup.instrument.into();
        with_writer(storage, setup.instrument, || {
            let call = instrument.call_mut();
            let ctx = *context;
            instrument_reply(match operation {
                Operation::Engage(params) => invoke_untrusted(call.engage(ctx, storage, params)),
                Operation::Deposit(asset, amount) => {
                    invoke_untrusted(call.deposit(ctx, storage, asset, amount))
                }
                Operation::Withdraw(asset, amount) => {
                    invoke_untrusted(call.withdraw(ctx, storage, asset, amount))
                }
                Operation::ScheduledEvent(name, payload) => {
                    invoke_untrusted(call.process_scheduled_event(ctx, storage, name, payload))
                }
                Operation::CustomEvent(name, payload) => {
                    invoke_untrusted(call.process_custom_event(ctx, storage, name, payload))
                }
                Operation::Renew(params) => invoke_untrusted(call.renew(ctx, storage, params)),
            })
        })
    }

    fn close(
        &mut self,
        _: IssuanceId,
        issuance: &IssuanceRecord,
        beneficiary: AccountId,
    ) -> Result<bool, ManagerError> {
        let address = data_contract(issuance)?;
        let mut storage: StorageRef = address.into();
        // The storage is the manager's own contract: it closes or the whole close fails.
        closed(address, storage.call_mut().close(beneficiary).try_invoke())
            .map_err(|_| ManagerError::InstrumentCallFailed)?;
        Ok(true)
    }

    fn custom_data(
        &self,
        setup: &DomainSetup,
        _: IssuanceId,
        issuance: &IssuanceRecord,
        name: Name,
    ) -> Result<Vec<u8>, ManagerError> {
        let instrument: InstrumentRef = setup.instrument.into();
        let storage = data_contract(issuance)?;
        instrument_reply(invoke_untrusted(
            instrument.call().custom_data(storage, name),
        ))
    }
}

/// The call builder of this contract (constructor and messages), for clients and tests.
pub use self::instrument_manager_v2::InstrumentManagerV2Ref;

instrument_manager_core::manager_contract! {
    /// The v2 manager contract: the shared core over [`Storages`].
    mod instrument_manager_v2 { storage: InstrumentManagerV2, data: Storages }
}
