//! Instrument manager v3 (docs/SPEC.md §4): for each issuance the instrument creates an Issuance
//! contract (from its issuance code hash) that holds the issuance's data and logic; the manager
//! owns it and is its only caller. Security is the lowest of the three versions (FSP code holds the
//! data), suited to large data and trusted FSPs. Everything else is the shared core.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::{codegen::TraitCallBuilder, contract_ref, env::DefaultEnvironment, prelude::vec::Vec};
use instrument_manager_core::{data_contract, instrument_reply, IssuanceData, Operation};
use traits::{
    calls::{closed, invoke_untrusted},
    AccountId, DomainSetup, InstrumentV3, Issuance, IssuanceContext, IssuanceId, IssuanceRecord,
    ManagerError, Name, Outcome,
};

type IssuanceRef = contract_ref!(Issuance, DefaultEnvironment);

/// Issuance data in per-issuance contracts created by the instrument: nothing kept here.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Instances {}

fn instance(issuance: &IssuanceRecord) -> Result<IssuanceRef, ManagerError> {
    data_contract(issuance).map(Into::into)
}

impl IssuanceData for Instances {
    fn create(
        &mut self,
        setup: &DomainSetup,
        context: &IssuanceContext,
        params: Vec<u8>,
    ) -> Result<(Outcome, Option<AccountId>), ManagerError> {
        let mut instrument: contract_ref!(InstrumentV3, DefaultEnvironment) =
            setup.instrument.into();
        let address = instrument_reply(invoke_untrusted(
            instrument.call_mut().new_issuance(*context),
        ))?;
        let mut issuance: IssuanceRef = address.into();
        let outcome = instrument_reply(invoke_untrusted(
            issuance.call_mut().create(*context, params),
        ))?;
        Ok((outcome, Some(address)))
    }

    fn operate(
        &mut self,
        _: &DomainSetup,
        context: &IssuanceContext,
        operation: Operation,
    ) -> Result<Outcome, ManagerError> {
        let mut issuance = instance(&context.issuance)?;
        let call = issuance.call_mut();
        let ctx = *context;
        instrument_reply(match operation {
            Operation::Engage(params) => invoke_untrusted(call.engage(ctx, params)),
            Operation::Deposit(asset, amount) => invoke_untrusted(call.deposit(ctx, asset, amount)),
            Operation::Withdraw(asset, amount) => {
                invoke_untrusted(call.withdraw(ctx, asset, amount))
            }
            Operation::ScheduledEvent(name, payload) => {
                invoke_untrusted(call.process_scheduled_event(ctx, name, payload))
            }
            Operation::CustomEvent(name, payload) => {
                invoke_untrusted(call.process_custom_event(ctx, name, payload))
            }
            Operation::Renew(params) => invoke_untrusted(call.renew(ctx, params)),
        })
    }

    fn close(
        &mut self,
        _: IssuanceId,
        issuance: &IssuanceRecord,
        beneficiary: AccountId,
    ) -> Result<bool, ManagerError> {
        let address = data_contract(issuance)?;
        let mut instance: IssuanceRef = address.into();
        // FSP code: a refusal keeps its deposit there but does not keep the maker's escrow and
        // records from closing.
        let reply = invoke_untrusted(instance.call_mut().close(beneficiary));
        Ok(closed(address, reply).is_ok())
    }

    fn custom_data(
        &self,
        _: &DomainSetup,
        _: IssuanceId,
        issuance: &IssuanceRecord,
        name: Name,
    ) -> Result<Vec<u8>, ManagerError> {
        instrument_reply(invoke_untrusted(
            instance(issuance)?.call().custom_data(name),
        ))
    }
}

/// The call builder of this contract (constructor and messages), for clients and tests.
pub use self::instrument_manager_v3::InstrumentManagerV3Ref;

instrument_manager_core::manager_contract! {
    /// The v3 manager contract: the shared core over [`Instances`].
    mod instrument_manager_v3 { storage: InstrumentManagerV3, data: Instances }
}
