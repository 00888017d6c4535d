//! The instrument registry (`traits::InstrumentRegistry`).

use ink::codegen::TraitCallBuilder;
use traits::{
    AccountId, Config, InstrumentId, InstrumentRegistry as _, ManagerVersion, RegistryError,
    Timestamp,
};

use super::{ref_to, refs, InstrumentRegistryRef, Manager, Reply};
use crate::{
    chain::{constructor_input, Chain},
    contracts,
};

/// The instrument registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registry(pub AccountId);

impl Registry {
    /// Its `InstrumentRegistry` messages, as ink!'s call builder makes them.
    pub fn calls(self) -> InstrumentRegistryRef {
        ref_to(self.0)
    }

    /// Instantiates the registry with `config`, administered by `admin`.
    pub fn deploy(chain: &mut Chain, admin: AccountId, config: Config) -> Self {
        Registry(
            chain
                .instantiate(
                    contracts::REGISTRY,
                    admin,
                    constructor_input(refs::RegistryRef::new(config)),
                    0,
                    b"registry",
                )
                .expect("registry instantiates"),
        )
    }

    /// `InstrumentRegistry::activate_instrument` as `fsp`.
    pub fn activate_instrument(
        self,
        chain: &mut Chain,
        fsp: AccountId,
        version: ManagerVersion,
        instrument: AccountId,
        termination: Timestamp,
        override_at: Timestamp,
    ) -> Reply<InstrumentId, RegistryError> {
        chain.send(
            fsp,
            self.calls().call_mut().activate_instrument(
                version,
                instrument,
                termination,
                override_at,
            ),
        )
    }

    /// `InstrumentRegistry::manager_of`.
    pub fn manager_of(self, chain: &mut Chain, instrument_id: InstrumentId) -> Option<Manager> {
        chain
            .read(self.calls().call_mut().manager_of(instrument_id))
            .map(Manager)
    }

    /// `InstrumentRegistry::instrument_count`.
    pub fn instrument_count(self, chain: &mut Chain) -> InstrumentId {
        chain.read(self.calls().call_mut().instrument_count())
    }

    /// `InstrumentRegistry::config`.
    pub fn config(self, chain: &mut Chain) -> Config {
        chain.read(self.calls().call_mut().config())
    }

    /// `InstrumentRegistry::set_config` as `caller`.
    pub fn set_config(
        self,
        chain: &mut Chain,
        caller: AccountId,
        config: Config,
    ) -> Reply<(), RegistryError> {
        chain.send(caller, self.calls().call_mut().set_config(config))
    }

    /// `InstrumentRegistry::admin`.
    pub fn admin(self, chain: &mut Chain) -> AccountId {
        chain.read(self.calls().call_mut().admin())
    }

    /// `InstrumentRegistry::transfer_admin` as `caller`.
    pub fn transfer_admin(
        self,
        chain: &mut Chain,
        caller: AccountId,
        new_admin: AccountId,
    ) -> Reply<(), RegistryError> {
        chain.send(caller, self.calls().call_mut().transfer_admin(new_admin))
    }

    /// `InstrumentRegistry::accept_admin` as `caller`.
    pub fn accept_admin(self, chain: &mut Chain, caller: AccountId) -> Reply<(), RegistryError> {
        chain.send(caller, self.calls().call_mut().accept_admin())
    }
}
