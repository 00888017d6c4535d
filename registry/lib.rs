//! The instrument registry (docs/SPEC.md §2, §3): keeps the platform's Config, activates
//! instruments by instantiating the manager of the requested version from its code hash (one
//! instrument domain per activation), takes the FSP's NUTS deposit for the manager, and maps ids to
//! managers.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The call builder of this contract (constructors and messages), for clients and tests.
pub use self::registry::RegistryRef;

#[ink::contract]
mod registry {
    use ink::{codegen::TraitCallBuilder, contract_ref, prelude::vec::Vec, storage::Mapping};
    use traits::{
        calls::{answered, instantiate_fallible},
        events::{AdminChanged, AdminTransferProposed, ConfigChanged, InstrumentActivated},
        Config, DomainSetup, Instrument, InstrumentId, InstrumentManager, InstrumentRegistry,
        ManagerError, ManagerVersion, RegistryError, PSP22,
    };

    type ManagerRef = contract_ref!(InstrumentManager);

    #[ink(storage)]
    pub struct Registry {
        admin: AccountId,
        pending_admin: Option<AccountId>,
        config: Config,
        instrument_count: InstrumentId,
        managers: Mapping<InstrumentId, AccountId>,
    }

    impl Registry {
        /// A registry administered by its instantiator, with `config`.
        #[ink(constructor)]
        pub fn new(config: Config) -> Self {
            Self {
                admin: Self::env().caller(),
                pending_admin: None,
                config,
                instrument_count: 0,
                managers: Mapping::default(),
            }
        }

        /// The proposed admin, if a transfer is pending.
        #[ink(message)]
        pub fn pending_admin(&self) -> Option<AccountId> {
            self.pending_admin
        }

        fn ensure_admin(&self) -> Result<(), RegistryError> {
            if self.env().caller() == self.admin {
                Ok(())
            } else {
                Err(RegistryError::NotAdmin)
            }
        }
    }

    impl InstrumentRegistry for Registry {
        /// Activates `instrument` as a new instrument domain on manager `version`.
        ///
        /// Caller: the instrument's owner (the FSP), who has approved the registry for the Config's
        /// NUTS deposit. Instantiates the manager (which instantiates the instrument escrow), moves
        /// the deposit from the FSP to the manager, records `id -> manager`, emits
        /// `InstrumentActivated` and returns the new id.
        ///
        /// `override_timestamp` must lie in the future and `termination_timestamp` no earlier than
        /// it.
        ///
        /// Errors: `InvalidTimestamps`, `VersionNotConfigured`, `NotInstrumentOwner`,
        /// `InstrumentCallFailed`, `ManagerInstantiationFailed`, `Manager(..)`, `DepositFailed`,
        /// `NutsTokenCallFailed`, `Overflow`.
        #[ink(message)]
        fn activate_instrument(
            &mut self,
            version: ManagerVersion,
            instrument: AccountId,
            termination_timestamp: Timestamp,
            override_timestamp: Timestamp,
        ) -> Result<InstrumentId, RegistryError> {
            // In the past, either time would let anyone deactivate the new domain at once and burn
            // the FSP's deposit; an override after the termination would mean nothing.
            let now = self.env().block_timestamp();
            if override_timestamp <= now || termination_timestamp < override_timestamp {
                return Err(RegistryError::InvalidTimestamps);
            }
            let config = self.config;
            let code_hash = config
                .manager_code_hash(version)
                .filter(|_| version != ManagerVersion::V2 || config.issuance_storage.is_some())
                .ok_or(RegistryError::VersionNotConfigured)?;
            let fsp = self.env().caller();
            let instrument_ref: contract_ref!(Instrument) = instrument.into();
            let owner = answered(instrument_ref.call().owner().try_invoke())
                .ok_or(RegistryError::InstrumentCallFailed)?;
            if owner != fsp {
                return Err(RegistryError::NotInstrumentOwner);
            }
            let instrument_id = self
                .instrument_count
                .checked_add(1)
                .ok_or(RegistryError::Overflow)?;
            let setup = DomainSetup {
                registry: self.env().account_id(),
                instrument_id,
                fsp,
                instrument,
                termination_timestamp,
                override_timestamp,
                nuts_token: config.nuts_token,
                nuts_deposit: config.instrument_deposit,
                instrument_escrow_code: config.instrument_escrow,
                issuance_escrow_code: config.issuance_escrow,
                issuance_storage_code: config.issuance_storage,
            };
            let manager = instantiate_fallible::<ManagerRef, ManagerError>(
                code_hash,
                &instrument_id.to_le_bytes(),
                setup,
            )
            .ok_or(RegistryError::ManagerInstantiationFailed)??;

            if config.instrument_deposit > 0 {
                let mut nuts: contract_ref!(PSP22) = config.nuts_token.into();
                answered(
                    nuts.call_mut()
                        .transfer_from(fsp, manager, config.instrument_deposit, Vec::new())
                        .try_invoke(),
                )
                .ok_or(RegistryError::NutsTokenCallFailed)?
                .map_err(RegistryError::DepositFailed)?;
            }
            let manager_ref: ManagerRef = manager.into();
            let instrument_escrow = answered(manager_ref.call().instrument_escrow().try_invoke())
                .ok_or(RegistryError::ManagerInstantiationFailed)?;

            self.instrument_count = instrument_id;
            self.managers.insert(instrument_id, &manager);
            self.env().emit_event(InstrumentActivated {
                instrument_id,
                fsp,
                instrument,
                manager,
                instrument_escrow,
                version,
            });
            Ok(instrument_id)
        }

        /// The manager of instrument domain `instrument_id`, if it exists. Anyone.
        #[ink(message)]
        fn manager_of(&self, instrument_id: InstrumentId) -> Option<AccountId> {
            self.managers.get(instrument_id)
        }

        /// How many instruments were activated (ids run from 1 to this). Anyone.
        #[ink(message)]
        fn instrument_count(&self) -> InstrumentId {
            self.instrument_count
        }

        /// The current Config. Anyone.
        #[ink(message)]
        fn config(&self) -> Config {
            self.config
        }

        /// Replaces the Config; affects only domains activated afterwards.
        /// Caller: the platform admin. Errors: `NotAdmin`.
        #[ink(message)]
        fn set_config(&mut self, config: Config) -> Result<(), RegistryError> {
            self.ensure_admin()?;
            self.config = config;
            self.env().emit_event(ConfigChanged { config });
            Ok(())
        }

        /// The platform admin. Anyone.
        #[ink(message)]
        fn admin(&self) -> AccountId {
            self.admin
        }

        /// Proposes `new_admin`; the role moves only when it accepts (two-step transfer).
        /// Caller: the platform admin. Errors: `NotAdmin`.
        #[ink(message)]
        fn transfer_admin(&mut self, new_admin: AccountId) -> Result<(), RegistryError> {
            self.ensure_admin()?;
            self.pending_admin = Some(new_admin);
            self.env().emit_event(AdminTransferProposed {
                admin: self.admin,
                proposed: new_admin,
            });
            Ok(())
        }

        /// Takes the admin role proposed by `transfer_admin`.
        /// Caller: the proposed admin. Errors: `NotPendingAdmin`.
        #[ink(message)]
        fn accept_admin(&mut self) -> Result<(), RegistryError> {
            let caller = self.env().caller();
            if self.pending_admin != Some(caller) {
                return Err(RegistryError::NotPendingAdmin);
            }
            self.admin = caller;
            self.pending_admin = None;
            self.env().emit_event(AdminChanged { admin: caller });
            Ok(())
        }
    }
}

#[cfg(all(test, feature = "e2e-tests"))]
mod e2e_tests;
